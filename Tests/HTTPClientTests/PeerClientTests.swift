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
        let (listener, port) = loopbackListener()
        defer { close(listener) }
        var configuration = PeerClient.Configuration()
        configuration.timeoutMilliseconds = 200
        let client = PeerClient(url: ClientURL("https://localhost:\(port)")!,
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
        // Uploads that run out of time say nothing of the peer: they never make it left alone.
        for _ in 0..<4 {
            XCTAssertThrowsError(try client.send(method: "POST", target: "/", body: Array(repeating: 0, count: PeerClient.healthProbeLimit + 1)))
        }
        XCTAssertEqual(attempt().0, .timeout, "still asked after four failed uploads")
        for _ in 0..<2 {
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
