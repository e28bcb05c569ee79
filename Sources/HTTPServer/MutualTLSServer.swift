import CLinux
import Foundation
import Locking
import Logging
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over mutual TLS, for the calls vault nodes make to one another, beside (never instead of) the
/// event-loop server of the API port. That traffic is a few long-lived connections from known nodes, so
/// this is deliberately plain: one thread per connection, blocking sockets with timeouts, the same request
/// parser and limits as the API port, and the same `HTTPHandler` contract (each request is handed over and
/// its answer awaited before the next is read). A connection is served only once the handshake verified the
/// client's certificate against `peer-ca.crt` (TLSPeerSession); its requests carry that certificate's
/// common name (`HTTPRequest.peerName`), which nothing on the API port can set.
package final class MutualTLSServer: @unchecked Sendable {
    package struct Configuration: Sendable {
        package var host = "127.0.0.1"
        package var port = 0
        /// Open connections (handshakes included); more are closed at once.
        package var maxConnections = 256
        /// From accept to a verified peer; a client that stalls its handshake is cut after this.
        package var handshakeTimeoutMilliseconds = 5_000
        /// Longest wait for any one read or write within a request or its answer.
        package var ioTimeoutMilliseconds = 10_000
        /// A kept-alive connection with no request is closed after this.
        package var idleTimeoutMilliseconds = 60_000
        package var limits = ServerConfiguration.Limits()
        package init() {}
    }

    let configuration: Configuration
    let credentials: TLSPeerCredentials
    let handler: any HTTPHandler
    let logger: Logger
    private let state = Locked(State())
    package private(set) var port = 0
    private var listener: Int32 = -1
    private var acceptThread: Thread?

    private struct State {
        var stopping = false
        /// Sockets of live connections, so a shutdown can wake their blocked reads.
        var sockets: Set<Int32> = []
        var threads = 0
        /// When a socket's handshake, or the request it is reading, must be done (monotonic nanoseconds):
        /// per-read timeouts alone would let a client that trickles a byte at a time hold a thread for ever.
        var deadlines: [Int32: UInt64] = [:]
        /// Refused handshakes not logged yet, and when the last line was: at most one line a second, so
        /// a burst (a scan, or a peer's callers giving up on a stalled node) cannot flood the log.
        var unloggedRefusals = 0
        var lastRefusalLog: UInt64 = 0
    }

    package init(configuration: Configuration, credentials: TLSPeerCredentials, handler: any HTTPHandler,
                 logger: Logger = .shared) {
        self.configuration = configuration
        self.credentials = credentials
        self.handler = handler
        self.logger = logger
    }

    package func start() throws(SystemError) {
        let (fd, bound) = try Listener.open(host: configuration.host, port: configuration.port)
        listener = fd
        port = bound
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "peer-accept"
        acceptThread = thread
        thread.start()
    }

    /// Stops accepting, lets each connection finish the request it is in, wakes the idle ones and returns
    /// once every connection thread has ended.
    package func shutdown() {
        // Only reads are shut: an answer being written still goes out. Under the lock, so no socket is closed
        // (and its number reused) meanwhile.
        state.withLock { state in
            state.stopping = true
            for socket in state.sockets { Glibc.shutdown(socket, Int32(SHUT_RD)) }
        }
        while state.withLock({ $0.threads > 0 || $0.sockets.count > 0 }) { usleep(5_000) }
        while acceptThread?.isFinished == false { usleep(5_000) }
        if listener >= 0 { close(listener) }
        listener = -1
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func acceptLoop() {
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        while !isStopping {
            // Short polls, so a shutdown is noticed without a wake-up pipe, and deadlines are checked often.
            cutOverdue()
            guard poll(&poller, 1, 100) > 0 else { continue }
            let socket = piivault_accept_blocking(listener)
            guard socket >= 0 else { continue }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopping, state.sockets.count < configuration.maxConnections else { return false }
                state.sockets.insert(socket)
                state.threads += 1
                state.deadlines[socket] = MonotonicClock.nanoseconds() + UInt64(configuration.handshakeTimeoutMilliseconds) * 1_000_000
                return true
            }
            guard admitted else {
                logger.warning("peer connection refused", ["reason": .string(isStopping ? "stopping" : "connection limit")])
                close(socket)
                continue
            }
            let thread = Thread { [self] in
                serve(socket)
                state.withLock { state in
                    state.sockets.remove(socket)
                    state.deadlines[socket] = nil
                    state.threads -= 1
                    close(socket)
                }
            }
            thread.name = "peer-connection"
            thread.start()
        }
    }

    private func serve(_ socket: Int32) {
        Self.setTimeout(socket, milliseconds: configuration.handshakeTimeoutMilliseconds)
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let stream: TLSStream
        do {
            stream = try TLSPeerSession.accept(socket: socket, credentials: credentials)
        } catch {
            // Someone reached the peer port without a certificate of the shared CA, too slowly, or gave up.
            let now = MonotonicClock.nanoseconds()
            let count = state.withLock { state -> Int in
                state.unloggedRefusals += 1
                guard now - state.lastRefusalLog >= 1_000_000_000 else { return 0 }
                state.lastRefusalLog = now
                defer { state.unloggedRefusals = 0 }
                return state.unloggedRefusals
            }
            if count > 0 {
                logger.warning("peer handshake refused", ["count": .int(count),
                                                          "last_reason": .string(error == .timeout ? "timeout" : "certificate, protocol or closed")])
            }
            return
        }
        setDeadline(socket, milliseconds: nil)
        let exchange = PeerExchange(stream: stream, socket: socket, peerName: stream.peerCommonName ?? "unnamed",
                                    configuration: configuration, handler: handler, logger: logger) { [self] milliseconds in
            setDeadline(socket, milliseconds: milliseconds)
        }
        exchange.run { [self] in isStopping }
        stream.close()
    }

    /// Sets (or with nil clears) the time by which `socket` must be done with what it is doing.
    private func setDeadline(_ socket: Int32, milliseconds: Int?) {
        let deadline = milliseconds.map { MonotonicClock.nanoseconds() + UInt64($0) * 1_000_000 }
        state.withLock { $0.deadlines[socket] = deadline }
    }

    /// Cuts the connections past their deadline: their blocked read ends, and their thread with it.
    private func cutOverdue() {
        let now = MonotonicClock.nanoseconds()
        state.withLock { state in
            for (socket, deadline) in state.deadlines where deadline < now {
                Glibc.shutdown(socket, Int32(SHUT_RDWR))
                state.deadlines[socket] = nil
            }
        }
    }

    static func setTimeout(_ socket: Int32, milliseconds: Int) {
        var timeout = timeval(tv_sec: milliseconds / 1_000, tv_usec: (milliseconds % 1_000) * 1_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
}
