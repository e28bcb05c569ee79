import Foundation
import HTTPClient
import HTTPTestSupport
import TLS
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The peer client's back-off: a peer that fails three calls in a row is left alone for a second (calls fail
/// at once), then probed by one call.
final class PeerClientTests: XCTestCase {
    func testAPeerThatKeepsFailingIsLeftAloneThenProbed() throws {
        guard PeerCertificates.isAvailable else { throw XCTSkip("openssl is not installed (.ci/run installs it)") }
        let directory = NSTemporaryDirectory() + "peer-client-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keys = try PeerCertificates(directory: directory).issue("caller", into: directory + "/keys")
        // A listener that never accepts: the kernel completes the connection, nobody ever answers the handshake.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        listen(listener, 16)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        var configuration = PeerClient.Configuration()
        configuration.timeoutMilliseconds = 200
        let client = PeerClient(url: ClientURL("https://localhost:\(UInt16(bigEndian: address.sin_port))")!,
                                credentials: try TLSPeerCredentials.load(keysDirectory: keys), configuration: configuration)
        func attempt() -> (HTTPClientError?, TimeInterval) {
            let started = Date()
            do {
                _ = try client.send(method: "GET", target: "/")
                return (nil, Date().timeIntervalSince(started))
            } catch {
                return (error, Date().timeIntervalSince(started))
            }
        }
        for _ in 0..<3 {
            let (error, took) = attempt()
            XCTAssertEqual(error, .timeout)
            XCTAssertGreaterThan(took, 0.15)
        }
        let (refused, took) = attempt()
        XCTAssertEqual(refused, .backingOff, "left alone after three failures in a row")
        XCTAssertLessThan(took, 0.05)
        Thread.sleep(forTimeInterval: Double(PeerClient.backoffMilliseconds) / 1_000 + 0.1)
        XCTAssertEqual(attempt().0, .timeout, "then one call probes it")
        XCTAssertEqual(attempt().0, .backingOff, "and a failed probe leaves it alone again")
    }
}
