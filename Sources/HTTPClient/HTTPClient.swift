import TLS
#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client: one connection per request (`Connection: close`), TLS through
/// `TLSClientSession`, and every limit explicit: connect and I/O timeouts, a deadline for the whole
/// exchange, and a largest answer. Meant for a handful of calls to a provider's API, off any event loop.
package struct HTTPClient: Sendable {
    package struct Configuration: Sendable {
        package var connectTimeoutMilliseconds = 5_000
        /// Longest wait for any one read or write.
        package var ioTimeoutMilliseconds = 10_000
        /// Longest time for the whole exchange.
        package var deadlineMilliseconds = 30_000
        package var maxResponseBytes = 8 << 20
        /// Trust anchors instead of the system's store (PEM), e.g. a test CA or a corporate proxy's.
        package var caFile: String?
        package init() {}
    }

    package let configuration: Configuration

    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    package func send(method: String, url: ClientURL, headers: [(String, String)] = [],
                     body: [UInt8] = []) throws(HTTPClientError) -> ClientResponse {
        let start = Self.nowMilliseconds()
        let socket = try Dialer.connect(host: url.host, port: url.port, timeoutMilliseconds: configuration.connectTimeoutMilliseconds)
        defer { Glibc.close(socket) }
        Dialer.setTimeout(socket, milliseconds: configuration.ioTimeoutMilliseconds)
        let transport: Transport
        if url.secure {
            do {
                transport = .tls(try TLSClientSession.connect(socket: socket, host: url.host, caFile: configuration.caFile))
            } catch {
                throw error == .timeout ? .timeout : .unreachable
            }
        } else {
            transport = .plain(socket)
        }
        var head = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.host.contains(":") ? "[\(url.host)]" : url.host)"
        head += (url.port == (url.secure ? 443 : 80) ? "" : ":\(url.port)") + "\r\nConnection: close\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        try transport.write(Array((head + "\r\n").utf8) + body)
        var received: [UInt8] = []
        while true {
            guard Self.nowMilliseconds() - start < configuration.deadlineMilliseconds else { throw .timeout }
            let chunk = try transport.read(maximum: 64 * 1024)
            if chunk.isEmpty { break }
            received += chunk
            guard received.count <= configuration.maxResponseBytes else { throw .responseTooLarge }
            if ClientResponse.isComplete(received) { break }
        }
        transport.close()
        return try ClientResponse.parse(received)
    }

    private enum Transport {
        case plain(Int32)
        case tls(TLSStream)

        func write(_ bytes: [UInt8]) throws(HTTPClientError) {
            switch self {
            case .plain(let fd):
                var offset = 0
                while offset < bytes.count {
                    let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    guard n > 0 else { throw errno == EAGAIN || errno == EWOULDBLOCK ? .timeout : .malformedResponse }
                    offset += n
                }
            case .tls(let session):
                do { try session.write(bytes) } catch { throw error == .timeout ? .timeout : .malformedResponse }
            }
        }

        func read(maximum: Int) throws(HTTPClientError) -> [UInt8] {
            switch self {
            case .plain(let fd):
                var buffer = [UInt8](repeating: 0, count: maximum)
                let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
                guard n >= 0 else { throw errno == EAGAIN || errno == EWOULDBLOCK ? .timeout : .malformedResponse }
                return Array(buffer.prefix(n))
            case .tls(let session):
                do { return try session.read(maximum: maximum) } catch {
                    throw error == .timeout ? .timeout : .malformedResponse
                }
            }
        }

        func close() {
            if case .tls(let session) = self { session.close() }
        }
    }

    static func nowMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
    }
}
