import Foundation
import HTTPClient
import HTTPTestSupport
import XCTest

/// HTTPS through OpenSSL against `openssl s_server` with a throw-away certificate for `localhost`: the
/// exchange works when the certificate chains to the given CA and names the host, and fails otherwise.
final class TLSClientTests: XCTestCase {
    func testCertificatesAreVerified() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw XCTSkip("openssl is not installed (.ci/run installs it)")
        }
        let directory = NSTemporaryDirectory() + "tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = try runProcess("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                                       "-nodes", "-days", "1", "-subj", "/CN=localhost",
                                                       "-addext", "subjectAltName=DNS:localhost",
                                                       "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem"])
        XCTAssertEqual(made.status, 0, made.output)
        var trusting = HTTPClient.Configuration()
        trusting.caFile = directory + "/cert.pem"
        trusting.ioTimeoutMilliseconds = 3_000
        // s_server cannot be told to pick a free port: a random one may be taken (it then exits at once), and on
        // a loaded machine it may take seconds to answer. So: another port when it exits, up to 20 s each.
        var port = 0
        var server: Process?
        var response: ClientResponse?
        defer { server?.terminate(); server?.waitUntilExit() }
        for _ in 0..<5 where response == nil {
            port = Int.random(in: 20_000...40_000)
            let started = Process()
            started.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            started.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", directory + "/cert.pem",
                                 "-key", directory + "/key.pem", "-www", "-quiet"]
            started.standardOutput = FileHandle.nullDevice
            started.standardError = FileHandle.nullDevice
            try started.run()
            server = started
            let url = try XCTUnwrap(ClientURL("https://localhost:\(port)/"))
            for _ in 0..<200 where response == nil && started.isRunning {
                response = try? HTTPClient(configuration: trusting).send(method: "GET", url: url)
                if response == nil { usleep(100_000) }
            }
            if response == nil {
                if started.isRunning { started.terminate() }
                started.waitUntilExit()
                server = nil
            }
        }
        let url = try XCTUnwrap(ClientURL("https://localhost:\(port)/"))
        XCTAssertEqual(response?.status, 200, "a trusted certificate naming the host")

        XCTAssertThrowsError(try HTTPClient().send(method: "GET", url: url), "not in the system's trust store") {
            XCTAssertEqual($0 as? HTTPClientError, .unreachable)
        }
        let byAddress = try XCTUnwrap(ClientURL("https://127.0.0.1:\(port)/"))
        XCTAssertThrowsError(try HTTPClient(configuration: trusting).send(method: "GET", url: byAddress),
                             "the certificate does not name 127.0.0.1") {
            XCTAssertEqual($0 as? HTTPClientError, .unreachable)
        }
    }
}
