import Foundation

/// A blocking client socket for tests that must control every byte: raw requests, pipelining, trickling,
/// half-written bodies. Reads time out instead of hanging a test.
public final class TestConnection {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw TestClientError.connectFailed(errno)
        }
    }

    private var closed = false

    deinit { close() }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestClientError.sendFailed(errno) }
            offset += n
        }
    }

    /// Reads one response (status line, headers, `Content-Length` body). An answer to HEAD ends at its
    /// headers whatever its `Content-Length` says (RFC 9112 §6.3): pass `toHEAD` to read it so.
    public func readResponse(toHEAD: Bool = false) throws -> TestResponse {
        while true {
            if let end = headerEnd() {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2)
                guard parts.count >= 2, let status = Int(parts[1]) else { throw TestClientError.malformed(statusLine) }
                var headers: [String: String] = [:]
                for line in lines where !line.isEmpty {
                    let pieces = line.split(separator: ":", maxSplits: 1)
                    headers[pieces[0].lowercased()] = pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : ""
                }
                if status == 100 {
                    buffer.removeSubrange(0..<(end + 4))
                    continue
                }
                let length = toHEAD ? 0 : Int(headers["content-length"] ?? "0") ?? 0
                while buffer.count < end + 4 + length {
                    guard try fill() else { throw TestClientError.closedEarly }
                }
                let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeSubrange(0..<(end + 4 + length))
                return TestResponse(status: status, headers: headers, body: body)
            }
            guard try fill() else { throw TestClientError.closedEarly }
        }
    }

    /// Bytes received but not part of any response read so far.
    public var unreadByteCount: Int { buffer.count }

    /// True if the server closed the connection (reads EOF) within the timeout.
    public func isClosedByServer() -> Bool {
        (try? fill()) == false
    }

    private func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Returns false on EOF; throws on timeout or error.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { return false }
        guard n > 0 else { throw TestClientError.receiveFailed(errno) }
        buffer += chunk[0..<n]
        return true
    }
}

public enum TestClientError: Error {
    case connectFailed(Int32), sendFailed(Int32), receiveFailed(Int32), malformed(String), closedEarly
    /// An in-process handler sent nothing in time.
    case noAnswer
}

public struct TestResponse {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? [String: Any] ?? [:]
    }
}

/// One request on a fresh connection.
public func httpRequest(port: Int, method: String = "POST", path: String, headers: [String: String] = [:],
                        body: String? = nil) throws -> TestResponse {
    let connection = try TestConnection(port: port)
    var text = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
    text += "Connection: close\r\n\r\n" + (body ?? "")
    try connection.send(text)
    return try connection.readResponse(toHEAD: method == "HEAD")
}
