import CLinux
import Foundation
import Logging
import Locking
import Synchronization

/// One epoll thread serving many connections. Sockets are edge-triggered and registered once; readiness
/// is remembered per connection until a read or write says EAGAIN. Responses produced on other threads
/// come back through an inbox and an eventfd wake-up.
final class EventLoop: @unchecked Sendable {
    private static let listenerID: UInt64 = 0
    private static let wakeID: UInt64 = 1

    let index: Int
    let epollFD: Int32
    private let wakeFD: Int32
    private let listenFD: Int32
    let limits: ServerConfiguration.Limits
    let handler: any HTTPHandler
    let logger: Logger
    let connectionCount: ConnectionCounter
    private let inbox = Locked(Mailbox<(ResponseSink, @Sendable () -> HTTPResponse)>())
    /// Accepted sockets handed to this loop by the loop that accepted them.
    private let arrivals = Locked(Mailbox<Int32>())
    private let group: LoopGroup
    private let stopRequested = Atomic<Bool>(false)
    let requestIDs: RequestIDGenerator

    // Loop-thread state.
    var connections: [UInt64: Connection] = [:]
    var nextID: UInt64 = 2
    var draining = false
    private var drainDeadline: Int64 = 0
    private var lastSweep: Int64 = 0
    var date = HTTPDate()
    var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var threadID: pthread_t?
    /// Connections that still had work when they yielded their turn; served after the current events.
    var deferred: [UInt64] = []
    /// Requests one connection may start per turn: enough for a pipelined burst, few enough that one fast
    /// client cannot starve the others on this loop.
    let requestsPerTurn = 8

    init(index: Int, listenFD: Int32, limits: ServerConfiguration.Limits, handler: any HTTPHandler,
         logger: Logger, connectionCount: ConnectionCounter, group: LoopGroup) throws(SystemError) {
        self.index = index
        self.group = group
        self.listenFD = listenFD
        self.limits = limits
        self.handler = handler
        self.logger = logger
        self.connectionCount = connectionCount
        self.requestIDs = RequestIDGenerator(seed: UInt64.random(in: 0...UInt64.max))
        epollFD = try syscall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        wakeFD = try syscall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
        try register(fd: wakeFD, id: Self.wakeID, events: EPOLLIN.rawValue)
        try register(fd: listenFD, id: Self.listenerID, events: EPOLLIN.rawValue | (1 << 28) /* EPOLLEXCLUSIVE */)
    }

    deinit {
        close(epollFD)
        close(wakeFD)
    }

    private func register(fd: Int32, id: UInt64, events: UInt32) throws(SystemError) {
        var event = epoll_event(events: events, data: epoll_data_t(u64: id))
        try syscall("epoll_ctl") { epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) }
    }

    // MARK: - Cross-thread entry points

    /// Takes a response for `sink`. `build` runs on this loop's thread, so work done in it (serializing a
    /// large body) spreads over the event loops instead of loading the thread that answered.
    func deliver(to sink: ResponseSink, _ build: @escaping @Sendable () -> HTTPResponse) {
        if let threadID, pthread_equal(threadID, pthread_self()) != 0 {
            complete(sink, with: build())
            return
        }
        // After the loop has ended nobody reads the inbox: the answer (which may hold revealed values) goes.
        if inbox.withLock({ $0.post((sink, build)) }) { wake() }
    }

    /// Takes a socket accepted by another loop (round-robin spreading keeps loops evenly loaded: a burst of
    /// connections would otherwise all land on whichever loop woke first).
    func handOff(_ fd: Int32) {
        switch arrivals.withLock({ $0.posting(fd) }) {
        case .first: wake()
        case .queued: break
        case .closed:
            close(fd)
            connectionCount.value.subtract(1, ordering: .relaxed)
        }
    }

    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        // EAGAIN: the counter is full, so the loop is awake already.
        _ = try? nonBlockingSyscall("write(eventfd)") { Glibc.write(wakeFD, &one, 8) }
    }

    // MARK: - The loop

    func run() {
        threadID = pthread_self()
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let n: Int32
            do {
                let timeout: Int32 = deferred.isEmpty ? 250 : 0
                n = try syscall("epoll_wait") { epoll_wait(epollFD, &events, Int32(events.count), timeout) }
            } catch {
                logger.error("epoll_wait failed", ["errno": .int(Int(error.errno))])
                break
            }
            for i in 0..<Int(n) {
                let event = events[i]
                switch event.data.u64 {
                case Self.listenerID: acceptConnections()
                case Self.wakeID: drainInbox()
                case let id: handleEvent(id: id, flags: event.events)
                }
            }
            serveDeferred()
            let now = MonotonicClock.milliseconds()
            if stopRequested.load(ordering: .acquiring) && !draining { beginDrain(now: now) }
            if now - lastSweep >= 250 {
                lastSweep = now
                sweepTimeouts(now: now)
            }
            // Lingering connections have had their answers: they need not hold up a shutdown.
            if draining && (connections.values.allSatisfy(\.state.isLingering) || now >= drainDeadline) { break }
        }
        for connection in Array(connections.values) { closeConnection(connection) }
        _ = inbox.withLock { $0.close() }
        for fd in arrivals.withLock({ $0.close() }) {
            close(fd)
            connectionCount.value.subtract(1, ordering: .relaxed)
        }
    }

    private func serveDeferred() {
        guard !deferred.isEmpty else { return }
        let turn = deferred
        deferred.removeAll(keepingCapacity: true)
        for id in turn {
            if let connection = connections[id] {
                connection.state.resume()
                drive(connection)
            }
        }
    }

    private func drainInbox() {
        var counter: UInt64 = 0
        _ = try? nonBlockingSyscall("read(eventfd)") { Glibc.read(wakeFD, &counter, 8) }
        for (sink, build) in inbox.withLock({ $0.take() }) { complete(sink, with: build()) }
        for fd in arrivals.withLock({ $0.take() }) { adopt(fd) }
    }

    private func beginDrain(now: Int64) {
        draining = true
        drainDeadline = now + limits.shutdownGraceMilliseconds
        var unused = epoll_event()
        _ = try? syscall("epoll_ctl") { epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, &unused) }
        for connection in Array(connections.values) {
            let closesNow = connection.state.drain(hasBufferedInput: connection.bufferedCount > 0,
                                                   hasPendingOutput: connection.hasPendingOutput)
            if closesNow { closeConnection(connection) }
        }
    }

    private func acceptConnections() {
        for _ in 0..<64 {
            let fd: Int32
            do {
                guard let accepted = try nonBlockingSyscall("accept4", { piivault_accept_nonblocking(listenFD) }) else { return }
                fd = accepted
            } catch where error.errno == ECONNABORTED {
                continue  // the client gave up while queued
            } catch {
                logger.warning("accept failed", ["errno": .int(Int(error.errno))])
                return
            }
            if draining || connectionCount.value.add(1, ordering: .relaxed).newValue > limits.maxConnections {
                if !draining { connectionCount.value.subtract(1, ordering: .relaxed) }
                refuse(fd)
                continue
            }
            let target = group.next()
            if target === self { adopt(fd) } else { target.handOff(fd) }
        }
    }

    private func adopt(_ fd: Int32) {
        if draining {
            connectionCount.value.subtract(1, ordering: .relaxed)
            refuse(fd)
            return
        }
        var one: Int32 = 1
        _ = try? syscall("setsockopt(TCP_NODELAY)") {
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let id = nextID
        nextID += 1
        let connection = Connection(id: id, fd: fd, limits: limits, requestsPerTurn: requestsPerTurn,
                                    now: MonotonicClock.milliseconds())
        do {
            let events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
            try register(fd: fd, id: id, events: events)
        } catch {
            close(fd)
            connectionCount.value.subtract(1, ordering: .relaxed)
            return
        }
        connections[id] = connection
        drive(connection)
    }

    /// Over the connection limit: a best-effort 503, then close. Never blocks.
    private func refuse(_ fd: Int32) {
        var out: [UInt8] = []
        let error = HTTPError(503, draining ? "server is shutting down" : "too many connections; retry later",
                              headers: HTTPHeaders([("retry-after", "1")]))
        encodeClosing(error, into: &out)
        _ = try? nonBlockingSyscall("send") { out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
        close(fd)
    }

    /// An error of the server's own (no handler saw the request) under a fresh request id, ending the
    /// connection. Returns the id, for the log.
    @discardableResult
    func encodeClosing(_ error: HTTPError, omittingBody: Bool = false, into out: inout [UInt8]) -> String {
        let requestID = requestIDs.generate()
        ResponseEncoder.encode(error.response(requestID: requestID), requestID: requestID, date: date.current(),
                               connection: .close, omittingBody: omittingBody, into: &out)
        return requestID
    }

    func handleEvent(id: UInt64, flags: UInt32) {
        guard let connection = connections[id] else { return }
        if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            closeConnection(connection)
            return
        }
        connection.state.socketReady(readable: flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0,
                                     writable: flags & EPOLLOUT.rawValue != 0)
        drive(connection)
    }

    func sweepTimeouts(now: Int64) {
        for connection in Array(connections.values) {
            switch connection.state.expiry(at: now, hasPendingOutput: connection.hasPendingOutput) {
            case .answer408: respondAndClose(connection, HTTPError(408, "request not received in time"))
            case .close: closeConnection(connection)
            case nil: break
            }
        }
    }
}
