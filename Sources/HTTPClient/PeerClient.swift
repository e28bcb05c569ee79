import Locking
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// Calls to one peer vault node over mutual TLS (`TLSPeerSession`: this node's certificate presented, the
/// peer's verified against the shared CA and the dialled host), on kept-alive connections so a forwarded
/// batch costs no handshake. Every call has one deadline for the whole exchange, connect included, so a
/// slow or dead peer costs its caller at most that. Nothing of a request or an answer is kept after the
/// call returns: bodies live in memory only, and errors carry no content.
///
/// A peer that failed three calls in a row (timed out, unreachable) is not asked again for a second: calls
/// meanwhile fail at once, then one call probes it, and the others keep failing fast until that probe has an
/// answer. So a hung peer costs many waiting callers about one timeout, not a timeout apiece in turn, while
/// one slow call (a large upload) does not cut a live peer off.
package final class PeerClient: Sendable {
    package struct Configuration: Sendable {
        package var connectTimeoutMilliseconds = 1_000
        /// The whole exchange: connect, handshake, request and answer.
        package var timeoutMilliseconds = 2_000
        package var maxIdleConnections = 32
        /// An idle connection older than this is closed rather than reused (a peer closes its idle ones after
        /// 60 s; reusing one it is closing would fail the call).
        package var maxIdleMilliseconds = 20_000
        package var maxResponseBytes = 64 << 20
        package init() {}
    }

    package let url: ClientURL
    let credentials: TLSPeerCredentials
    let configuration: Configuration
    private let idle = Locked<[PeerConnection]>([])
    private let health = Locked(Health.up(failures: 0))

    private enum Health {
        /// Answering; `failures` calls in a row failed.
        case up(failures: Int)
        /// Failed; not asked again before this time (monotonic milliseconds).
        case down(until: Int)
        /// One call is finding out whether it answers again.
        case probing
    }

    /// How long a peer that did not answer is left alone before one call probes it.
    package static let backoffMilliseconds = 1_000
    /// Failed calls in a row that make a peer left alone.
    static let failuresBeforeBackoff = 3
    /// Calls with a larger body do not count towards the back-off.
    package static let healthProbeLimit = 64 * 1024

    package init(url: ClientURL, credentials: TLSPeerCredentials, configuration: Configuration = Configuration()) {
        self.url = url
        self.credentials = credentials
        self.configuration = configuration
    }

    /// A deadline for a call starting now, to pass to `send` from wherever the call waits before it starts.
    package func deadline() -> Int { HTTPClient.nowMilliseconds() + configuration.timeoutMilliseconds }

    /// Sends `method target` (a path on the peer, after the URL's own path) and returns its answer, by
    /// `deadline` (from `deadline()`; default: the configured timeout from now).
    package func send(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = [],
                      deadline: Int? = nil) throws(HTTPClientError) -> ClientResponse {
        let deadline = deadline ?? self.deadline()
        let left = deadline - HTTPClient.nowMilliseconds()
        guard left > 0 else { throw .timeout }
        // A call that spent most of its time queued here before it started says nothing of the peer if it
        // then runs out: only calls that had at least half the timeout can time out against the peer's name.
        let fairChance = left * 2 >= configuration.timeoutMilliseconds
        guard admit() else { throw .backingOff }
        do {
            let response = try call(method: method, target: target, headers: headers, body: body, deadline: deadline)
            health.withLock { $0 = .up(failures: 0) }
            return response
        } catch {
            // A large body (an upload) may simply need longer than the deadline: its failure says nothing of
            // the peer's health, so it never cuts the peer off for everyone else.
            let failed = (error == .unreachable || error == .tlsRefused || (error == .timeout && fairChance))
                && body.count <= Self.healthProbeLimit
            let until = HTTPClient.nowMilliseconds() + Self.backoffMilliseconds
            health.withLock { health in
                switch health {
                case .up(let failures) where failed:
                    health = failures + 1 >= Self.failuresBeforeBackoff ? .down(until: until) : .up(failures: failures + 1)
                case .probing where failed, .down where failed: health = .down(until: until)
                default: health = .up(failures: 0)
                }
            }
            throw error
        }
    }

    /// Whether a call may go to the peer now: always while it answers; after a failure, one probe once the
    /// back-off has passed.
    private func admit() -> Bool {
        let now = HTTPClient.nowMilliseconds()
        return health.withLock { health in
            switch health {
            case .up: return true
            case .probing: return false
            case .down(let until):
                guard now >= until else { return false }
                health = .probing
                return true
            }
        }
    }

    private func call(method: String, target: String, headers: [(String, String)], body: [UInt8],
                      deadline: Int) throws(HTTPClientError) -> ClientResponse {
        let request = encode(method: method, target: target, headers: headers, body: body)
        // A kept connection the peer closed meanwhile fails before any answer: then, and only then, the call
        // is made again on a new connection (the peer cannot have acted on a request it never read whole).
        if let kept = takeIdle() {
            switch exchange(kept, request, deadline: deadline) {
            case .answered(let response): return response
            case .failed(let error, let closedUnanswered):
                guard closedUnanswered else { throw error }
            }
        }
        let fresh = try connect(deadline: deadline)
        switch exchange(fresh, request, deadline: deadline) {
        case .answered(let response): return response
        case .failed(let error, _): throw error
        }
    }

    /// Closes the idle connections (the busy ones close as their calls end).
    package func close() {
        idle.withLock { $0.removeAll() }
    }

    private func encode(method: String, target: String, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        let base = url.target == "/" ? "" : (url.target.hasSuffix("/") ? String(url.target.dropLast()) : url.target)
        var head = "\(method) \(base)\(target) HTTP/1.1\r\nHost: \(url.host.contains(":") ? "[\(url.host)]" : url.host):\(url.port)\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    private func takeIdle() -> PeerConnection? {
        let now = HTTPClient.nowMilliseconds()
        return idle.withLock { connections in
            connections.removeAll { now - $0.lastUsed > configuration.maxIdleMilliseconds }
            return connections.popLast()
        }
    }

    private func keep(_ connection: PeerConnection) {
        connection.lastUsed = HTTPClient.nowMilliseconds()
        idle.withLock { connections in
            if connections.count < configuration.maxIdleConnections { connections.append(connection) }
        }
    }

    private func connect(deadline: Int) throws(HTTPClientError) -> PeerConnection {
        let remaining = deadline - HTTPClient.nowMilliseconds()
        guard remaining > 0 else { throw .timeout }
        let socket = try Dialer.connect(host: url.host, port: url.port,
                                        timeoutMilliseconds: min(configuration.connectTimeoutMilliseconds, remaining))
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        Dialer.setTimeout(socket, milliseconds: max(1, deadline - HTTPClient.nowMilliseconds()))
        do {
            return PeerConnection(socket: socket, stream: try TLSPeerSession.connect(socket: socket, host: url.host,
                                                                                      credentials: credentials))
        } catch {
            Glibc.close(socket)
            // A certificate the CA did not sign, or one naming another host, is not a peer; nor is a port
            // that does not speak TLS (the peer's API port, say).
            throw error == .timeout ? .timeout : .tlsRefused
        }
    }

    private enum Outcome {
        case answered(ClientResponse)
        /// `closedUnanswered`: the connection ended before any byte of an answer, with no timeout.
        case failed(HTTPClientError, closedUnanswered: Bool)
    }

    private func exchange(_ connection: PeerConnection, _ request: [UInt8], deadline: Int) -> Outcome {
        func remaining() -> Int { deadline - HTTPClient.nowMilliseconds() }
        guard remaining() > 0 else { return .failed(.timeout, closedUnanswered: false) }
        Dialer.setTimeout(connection.socket, milliseconds: remaining())
        do {
            try connection.stream.write(request)
        } catch {
            return .failed(error == .timeout ? .timeout : .unreachable, closedUnanswered: error != .timeout)
        }
        var received: [UInt8] = []
        while !ClientResponse.isComplete(received) {
            guard remaining() > 0 else { return .failed(.timeout, closedUnanswered: false) }
            Dialer.setTimeout(connection.socket, milliseconds: remaining())
            let chunk: [UInt8]
            do {
                chunk = try connection.stream.read(maximum: 64 * 1024)
            } catch {
                return .failed(error == .timeout ? .timeout : .unreachable, closedUnanswered: received.isEmpty && error != .timeout)
            }
            if chunk.isEmpty { return .failed(.unreachable, closedUnanswered: received.isEmpty) }
            received += chunk
            guard received.count <= configuration.maxResponseBytes else { return .failed(.responseTooLarge, closedUnanswered: false) }
        }
        do {
            let response = try ClientResponse.parse(received)
            if response.header("connection")?.lowercased() != "close" { keep(connection) }
            return .answered(response)
        } catch {
            return .failed(error, closedUnanswered: false)
        }
    }
}

/// One kept-alive TLS connection to a peer; closed (close_notify, then the socket) when released.
final class PeerConnection: @unchecked Sendable {
    let socket: Int32
    let stream: TLSStream
    var lastUsed = 0

    init(socket: Int32, stream: TLSStream) {
        self.socket = socket
        self.stream = stream
    }

    deinit {
        stream.close()
        Glibc.close(socket)
    }
}
