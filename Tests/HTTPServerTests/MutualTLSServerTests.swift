import Foundation
import HTTPClient
import HTTPServer
import HTTPTestSupport
import Logging
import TLS
import XCTest

/// The peer listener on a real socket, with certificates made by openssl: verified callers are served on
/// kept-alive connections and named; a client that stalls its handshake or its request is cut at its
/// deadline, however it trickles; shutdown ends idle connections at once.
final class MutualTLSServerTests: XCTestCase {
    var directory: String!
    var server: MutualTLSServer?

    override func setUpWithError() throws {
        guard PeerCertificates.isAvailable else { throw XCTSkip("openssl is not installed (.ci/run installs it)") }
        // Writes to a connection the server cut must fail, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        directory = NSTemporaryDirectory() + "mtls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        server?.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func credentials(_ name: String) throws -> TLSPeerCredentials {
        try TLSPeerCredentials.load(keysDirectory: try PeerCertificates(directory: directory).issue(name, into: directory + "/" + name))
    }

    /// A listener answering `GET /who` with the caller's certificate name.
    func start(_ configure: (inout MutualTLSServer.Configuration) -> Void = { _ in }) throws -> Int {
        var router = Router(logger: Logger(minimum: .error, fileDescriptor: 2))
        router.add("GET", "/who", sync: { request in HTTPResponse(status: 200, body: Array((request.peerName ?? "nobody").utf8)) })
        var configuration = MutualTLSServer.Configuration()
        configure(&configuration)
        let listener = MutualTLSServer(configuration: configuration, credentials: try credentials("server-node"), handler: router,
                                       logger: Logger(minimum: .error, fileDescriptor: 2))
        try listener.start()
        server = listener
        return listener.port
    }

    func testAVerifiedCallerIsServedAndNamedOnKeptConnections() throws {
        let port = try start()
        let client = PeerClient(url: ClientURL("https://localhost:\(port)")!, credentials: try credentials("caller-node"))
        for _ in 0..<3 {
            let answer = try client.send(method: "GET", target: "/who")
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), "caller-node")
        }
        // A name is kept to letters, digits, '.', '-' and '_': it goes into audit records and logs as it is.
        let odd = PeerClient(url: ClientURL("https://localhost:\(port)")!, credentials: try credentials("eu node via peer x!"))
        XCTAssertEqual(String(decoding: try odd.send(method: "GET", target: "/who").body, as: UTF8.self), "eu_node_via_peer_x_")
        // The peer listener's routes are its own: an unknown path is the router's 404, not a hang.
        XCTAssertEqual(try client.send(method: "GET", target: "/nothing").status, 404)
    }

    func testAHandshakeThatTricklesIsCutAtItsDeadline() throws {
        let port = try start { $0.handshakeTimeoutMilliseconds = 300 }
        let connection = try TestConnection(port: port, timeoutSeconds: 5)
        defer { connection.close() }
        let started = Date()
        // A byte of a ClientHello every 100 ms for up to 3 s: each read is quick, the handshake never ends.
        var closed = false
        for byte: UInt8 in [0x16, 0x03, 0x01, 0x00, 0xf0, 0x01, 0x00, 0x00, 0xec, 0x03, 0x03] + Array(repeating: 0, count: 19) {
            _ = try? connection.send([byte])
            usleep(100_000)
            var peek: UInt8 = 0
            if recv(connection.fd, &peek, 1, Int32(MSG_DONTWAIT | MSG_PEEK)) == 0 { closed = true; break }
        }
        XCTAssertTrue(closed, "the handshake outlived its deadline")
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
    }

    func testARequestThatTricklesIsCutAtItsDeadline() throws {
        let port = try start {
            $0.limits.headerTimeoutMilliseconds = 200
            $0.limits.bodyTimeoutMilliseconds = 200
            $0.ioTimeoutMilliseconds = 5_000
        }
        let fd = try TestConnection(port: port, timeoutSeconds: 5)
        defer { fd.close() }
        let stream = try TLSPeerSession.connect(socket: fd.fd, host: "localhost", credentials: try credentials("caller-node"))
        let started = Date()
        var cut = false
        for byte in Array("GET /who HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8) {
            do { try stream.write([byte]) } catch { cut = true; break }
            usleep(50_000)
        }
        if !cut { cut = ((try? stream.read(maximum: 100)) ?? []).isEmpty }
        XCTAssertTrue(cut, "the connection outlived its request deadline")
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testShutdownEndsIdleConnectionsAtOnce() throws {
        let port = try start()
        let client = PeerClient(url: ClientURL("https://localhost:\(port)")!, credentials: try credentials("caller-node"))
        XCTAssertEqual(try client.send(method: "GET", target: "/who").status, 200)
        let started = Date()
        server?.shutdown()
        server = nil
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "an idle kept connection held the shutdown")
    }
}
