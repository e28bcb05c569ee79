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
        let socket = try connect(url)
        defer { Glibc.close(socket) }
        var timeout = timeval(tv_sec: configuration.ioTimeoutMilliseconds / 1_000,
                              tv_usec: (configuration.ioTimeoutMilliseconds % 1_000) * 1_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
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

    /// Tries each address of the host in turn, each within the connect timeout.
    private func connect(_ url: ClientURL) throws(HTTPClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(url.host, String(url.port), &hints, &list) == 0, let first = list else { throw .unreachable }
        defer { freeaddrinfo(first) }
        var timedOut = false
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(configuration.connectTimeoutMilliseconds))
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                if ready == 1, getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 {
                    _ = fcntl(fd, F_SETFL, flags)
                    return fd
                }
                if ready == 0 { timedOut = true }
            }
            Glibc.close(fd)
        }
        throw timedOut ? .timeout : .unreachable
    }

    static func nowMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
    }
}
