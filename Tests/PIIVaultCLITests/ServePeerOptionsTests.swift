import HTTPClient
@testable import PIIVaultCLI
import XCTest

/// `serve --peer`, `--peer-listen` and `--peer-timeout-ms`: what they take and every mistake an operator
/// makes with them, refused before anything starts.
final class ServePeerOptionsTests: XCTestCase {
    func serve(_ arguments: [String]) throws -> ServeOptions {
        guard case .serve(let options) = try Command.parse(["serve"] + arguments) else { throw XCTSkip("not serve") }
        return options
    }

    func refusal(_ arguments: [String]) -> String {
        do {
            _ = try serve(arguments)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    func testPeersAndTheListener() throws {
        let options = try serve(["--regions", "EU", "--peer", "US=https://us.vault.internal:8443", "--peer-listen", "0.0.0.0:8443",
                                 "--peer-timeout-ms", "500"])
        XCTAssertEqual(options.peers, [.us: ClientURL("https://us.vault.internal:8443")!])
        XCTAssertEqual(options.peerListen, ServeOptions.PeerListen(host: "0.0.0.0", port: 8443))
        XCTAssertEqual(options.peerTimeout, 500)
        XCTAssertEqual(try serve(["--peer-listen", "[::1]:9443"]).peerListen, ServeOptions.PeerListen(host: "::1", port: 9443))
    }

    func testMistakesAreRefusedNamingTheRule() {
        let cases: [([String], String)] = [
            (["--regions", "EU", "--peer", "us=https://h:1"], "capitals"),
            (["--regions", "EU", "--peer", "US=http://h:1"], "https://HOST[:PORT]"),
            (["--regions", "EU", "--peer", "US=https://h:1/path"], "https://HOST[:PORT]"),
            (["--regions", "EU", "--peer", "US"], "REGION=URL"),
            (["--peer", "US=https://h:1"], "serves US itself"),
            (["--regions", "EU", "--peer", "US=https://a:1", "--peer", "US=https://b:1"], "given twice"),
            (["--port", "8443", "--peer-listen", "0.0.0.0:8443"], "not be the API port"),
            (["--peer-listen", "8443"], "HOST:PORT"),
            (["--regions", "EU", "--peer", "US=https://localhost:8443", "--peer-listen", "127.0.0.1:8443"], "own --peer-listen"),
            (["--peer-timeout-ms", "50"], "100 to 60000"),
        ]
        for (arguments, expected) in cases {
            XCTAssertTrue(refusal(arguments).contains(expected), "\(arguments): \(refusal(arguments))")
        }
    }
}
