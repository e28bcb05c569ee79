import Foundation
import HTTPTestSupport
import TLS
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Mutual TLS between nodes, with certificates made here by `openssl`: both sides verified against the shared
/// CA; a client with a certificate from another CA, or none, is refused; bad credential files are named at load.
final class TLSPeerSessionTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw XCTSkip("openssl is not installed (.ci/run installs it)")
        }
        directory = NSTemporaryDirectory() + "peer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// A keys directory holding peer.crt, peer.key and peer-ca.crt: a node certificate for `localhost` signed
    /// by the CA `ca` (made on first use).
    func keys(_ name: String, ca: String) throws -> String {
        try PeerCertificates(directory: directory).issue(name, ca: ca, into: directory + "/" + name)
    }

    /// A loopback listener accepting one connection with `server`'s credentials and echoing one message;
    /// returns the port and what the accept ended with.
    func echoServer(_ credentials: TLSPeerCredentials) throws -> (port: Int, outcome: () -> String) {
        let (listener, port) = loopbackListener(backlog: 1)
        let result = Locked("")
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            close(listener)
            Self.timeouts(connection)
            do {
                let stream = try TLSPeerSession.accept(socket: connection, credentials: credentials)
                let message = try stream.read(maximum: 100)
                try stream.write(Array("pong:".utf8) + message)
                stream.close()
                result.set("served")
            } catch {
                result.set("refused: \(error)")
            }
            close(connection)
            done.signal()
        }
        return (port, { done.wait(); return result.value })
    }

    static func timeouts(_ fd: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func dial(_ port: Int) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        Self.timeouts(fd)
        return fd
    }

    func testBothSidesVerifiedAndTheWrongOnesRefused() throws {
        let eu = try TLSPeerCredentials.load(keysDirectory: try keys("eu", ca: "ca"))
        let us = try TLSPeerCredentials.load(keysDirectory: try keys("us", ca: "ca"))
        let stranger = try TLSPeerCredentials.load(keysDirectory: try keys("stranger", ca: "other-ca"))

        let (port, outcome) = try echoServer(us)
        let fd = dial(port)
        defer { close(fd) }
        let stream = try TLSPeerSession.connect(socket: fd, host: "localhost", credentials: eu)
        try stream.write(Array("ping".utf8))
        XCTAssertEqual(String(decoding: try stream.read(maximum: 100), as: UTF8.self), "pong:ping")
        XCTAssertEqual(outcome(), "served")

        // A client whose certificate another CA signed: the accepting node refuses it.
        let (port2, outcome2) = try echoServer(us)
        let fd2 = dial(port2)
        defer { close(fd2) }
        if let refused = try? TLSPeerSession.connect(socket: fd2, host: "localhost", credentials: stranger) {
            try? refused.write(Array("ping".utf8))
            XCTAssertEqual(try? refused.read(maximum: 100), nil, "no answer for a stranger")
        }
        XCTAssertTrue(outcome2().hasPrefix("refused"))

        // A client without any certificate (an ordinary TLS client trusting the CA): refused.
        let (port3, outcome3) = try echoServer(us)
        let fd3 = dial(port3)
        defer { close(fd3) }
        if let plain = try? TLSClientSession.connect(socket: fd3, host: "localhost", caFile: directory + "/us/peer-ca.crt") {
            try? plain.write(Array("ping".utf8))
            XCTAssertNotEqual((try? plain.read(maximum: 100)).map { String(decoding: $0, as: UTF8.self) }, "pong:ping")
        }
        XCTAssertTrue(outcome3().hasPrefix("refused"))

        // A node whose certificate another CA signed is refused by the connecting node too.
        let (port4, outcome4) = try echoServer(stranger)
        let fd4 = dial(port4)
        defer { close(fd4) }
        XCTAssertThrowsError(try TLSPeerSession.connect(socket: fd4, host: "localhost", credentials: eu))
        close(fd4)
        XCTAssertTrue(outcome4().hasPrefix("refused"))
    }

    func testCredentialProblemsAreNamedAtLoad() throws {
        let dir = try keys("eu", ca: "ca")
        chmod(dir + "/peer.key", 0o644)
        XCTAssertThrowsError(try TLSPeerCredentials.load(keysDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("readable by group or others"), "\(error)")
        }
        chmod(dir + "/peer.key", 0o600)
        let other = try keys("us", ca: "ca")
        try FileManager.default.removeItem(atPath: dir + "/peer.key")
        try FileManager.default.copyItem(atPath: other + "/peer.key", toPath: dir + "/peer.key")
        XCTAssertThrowsError(try TLSPeerCredentials.load(keysDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("does not belong"), "\(error)")
        }
        // A certificate another CA signed, beside this CA: every other node would refuse it, so the node does.
        let stranger = try keys("stranger", ca: "other-ca")
        for name in ["peer.crt", "peer.key"] {
            try FileManager.default.removeItem(atPath: dir + "/" + name)
            try FileManager.default.copyItem(atPath: stranger + "/" + name, toPath: dir + "/" + name)
        }
        XCTAssertThrowsError(try TLSPeerCredentials.load(keysDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("peer.crt does not chain to"), "\(error)")
        }
        try "not a certificate\n".write(toFile: dir + "/peer.crt", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TLSPeerCredentials.load(keysDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("peer.crt holds no PEM certificate"), "\(error)")
        }
        try FileManager.default.removeItem(atPath: dir + "/peer-ca.crt")
        XCTAssertThrowsError(try TLSPeerCredentials.load(keysDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("peer-ca.crt is missing"), "\(error)")
        }
    }
}

/// A value set by one thread and read by another after a semaphore.
private final class Locked: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String
    init(_ value: String) { stored = value }
    var value: String { lock.withLock { stored } }
    func set(_ value: String) { lock.withLock { stored = value } }
}
