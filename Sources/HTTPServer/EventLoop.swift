import CLinux
import Foundation
import Logging
import Synchronization

/// One epoll thread serving many connections. Sockets are edge-triggered and registered once; readiness
/// is remembered per connection until a read or write says EAGAIN. Responses produced on other threads
/// come back through an inbox and an eventfd wake-up.
final class EventLoop: @unchecked Sendable {
    private static let listenerID: UInt64 = 0
    private static let wakeID: UInt64 = 1

    let index: Int
    private let epollFD: Int32
    private let wakeFD: Int32
    private let listenFD: Int32
    private let limits: ServerConfiguration.Limits
    private let handler: any HTTPHandler
    private let logger: Logger
    private let connectionCount: ConnectionCounter
    private let inbox = Mutex<[(ResponseSink, @Sendable () -> HTTPResponse)]>([])
    /// Accepted sockets handed to this loop by the loop that accepted them.
    private let arrivals = Mutex<[Int32]>([])
    private let group: LoopGroup
    private let stopRequested = Atomic<Bool>(false)
    private let requestIDs: RequestIDGenerator

    // Loop-thread state.
    private var connections: [UInt64: Connection] = [:]
    private var nextID: UInt64 = 2
    private var draining = false
    private var drainDeadline: Int64 = 0
    private var lastSweep: Int64 = 0
    private var date = HTTPDate()
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var threadID: pthread_t?
    /// Connections that still had work when they yielded their turn; served after the current events.
    private var deferred: [UInt64] = []
    /// Requests one connection may start per turn: enough for a pipelined burst, few enough that one fast
    /// client cannot starve the others on this loop.
    private let requestsPerTurn = 8

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
        let wasEmpty = inbox.withLock { queue in
            queue.append((sink, build))
            return queue.count == 1
        }
        if wasEmpty { wake() }
    }

    /// Takes a socket accepted by another loop (round-robin spreading keeps loops evenly loaded: a burst of
    /// connections would otherwise all land on whichever loop woke first).
    func handOff(_ fd: Int32) {
        let wasEmpty = arrivals.withLock { queue in
            queue.append(fd)
            return queue.count == 1
        }
        if wasEmpty { wake() }
    }

    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    // MARK: - The loop

    func run() {
        threadID = pthread_self()
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let n = epoll_wait(epollFD, &events, Int32(events.count), deferred.isEmpty ? 250 : 0)
            if n < 0 && errno != EINTR {
                logger.error("epoll_wait failed", ["errno": .int(Int(errno))])
                break
            }
            for i in 0..<max(Int(n), 0) {
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
            if draining && (connections.values.allSatisfy(\.lingering) || now >= drainDeadline) { break }
        }
        for connection in Array(connections.values) { closeConnection(connection) }
        for fd in arrivals.withLock({ $0 }) {
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
                connection.isDeferred = false
                drive(connection)
            }
        }
    }

    private func drainInbox() {
        var counter: UInt64 = 0
        _ = Glibc.read(wakeFD, &counter, 8)
        let items = inbox.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        for (sink, build) in items { complete(sink, with: build()) }
        let sockets = arrivals.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        for fd in sockets { adopt(fd) }
    }

    private func beginDrain(now: Int64) {
        draining = true
        drainDeadline = now + limits.shutdownGraceMilliseconds
        var unused = epoll_event()
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listenFD, &unused)
        for connection in Array(connections.values) {
            switch connection.state {
            case .idle where connection.bufferedCount == 0 && !connection.hasPendingOutput:
                closeConnection(connection)
            default:
                connection.closeAfterWrite = true
            }
        }
    }

    private func acceptConnections() {
        for _ in 0..<64 {
            let fd = piivault_accept_nonblocking(listenFD)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK {
                    logger.warning("accept failed", ["errno": .int(Int(errno))])
                }
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
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let id = nextID
        nextID += 1
        let connection = Connection(id: id, fd: fd, limits: limits, now: MonotonicClock.milliseconds())
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
        ResponseEncoder.encode(error.response(requestID: ""), requestID: "", date: date.current(), close: true,
                               into: &out)
        _ = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    private func handleEvent(id: UInt64, flags: UInt32) {
        guard let connection = connections[id] else { return }
        if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            closeConnection(connection)
            return
        }
        if flags & EPOLLIN.rawValue != 0 || flags & EPOLLRDHUP.rawValue != 0 { connection.readable = true }
        if flags & EPOLLOUT.rawValue != 0 { connection.writable = true }
        drive(connection)
    }

    private func sweepTimeouts(now: Int64) {
        for connection in Array(connections.values) where !connection.isProcessing && now >= connection.deadline {
            if !connection.lingering && connection.deadlineAnswers408 && !connection.hasPendingOutput {
                respondAndClose(connection, HTTPError(408, "request not received in time"))
                continue
            }
            closeConnection(connection)
        }
    }

    // MARK: - Per-connection state machine

    /// Makes all the progress possible now: writes, reads, parses and dispatches, in a loop.
    private func drive(_ c: Connection) {
        guard !c.driving, !c.isDeferred else { return }
        c.driving = true
        c.requestsThisTurn = 0
        defer { c.driving = false }
        while connections[c.id] != nil {
            if c.hasPendingOutput {
                guard flush(c) else { return }
            }
            if c.lingering {
                discardInput(c)
                return
            }
            if c.closeAfterWrite && !c.isProcessing {
                beginLingering(c)
                return
            }
            if case .processing = c.state { return }
            if !advance(c) { return }
        }
    }

    /// Writes pending output. Returns true when all of it has gone.
    private func flush(_ c: Connection) -> Bool {
        while c.hasPendingOutput {
            guard c.writable else { return false }
            let n = c.output.withUnsafeBytes { raw in
                send(c.fd, raw.baseAddress! + c.outputOffset, raw.count - c.outputOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                c.outputOffset += n
                c.deadline = MonotonicClock.milliseconds() + limits.writeTimeoutMilliseconds
                c.deadlineAnswers408 = false
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                c.writable = false
                return false
            } else {
                closeConnection(c)
                return false
            }
        }
        c.output.removeAll(keepingCapacity: c.output.capacity <= 64 * 1024)
        c.outputOffset = 0
        if !c.isProcessing { setReadDeadline(c) }
        return true
    }

    /// One step of reading a request. Returns false when nothing more can happen until the next event.
    private func advance(_ c: Connection) -> Bool {
        switch c.state {
        case .idle, .readingHead:
            if case .idle = c.state, c.requestsThisTurn >= requestsPerTurn
                || (c.requestsThisTurn > 0 && c.bufferedCount == 0) {
                // Yield: the next request on this connection waits for the other connections' turn.
                c.isDeferred = true
                deferred.append(c.id)
                return false
            }
            skipLeadingCRLF(c)
            if c.bufferedCount > 0 {
                if case .idle = c.state {
                    c.state = .readingHead
                    setReadDeadline(c)
                }
                let outcome = c.input.withUnsafeBufferPointer { all in
                    c.parser.parse(UnsafeBufferPointer(rebasing: all[c.inputStart...]))
                }
                switch outcome {
                case .failure(let error):
                    respondAndClose(c, error)
                    return true
                case .head(let head):
                    c.consumeInput(head.byteCount)
                    c.parser.reset()
                    c.continueSent = false
                    c.state = .readingBody(head)
                    setReadDeadline(c)
                    return true
                case .needMore:
                    break
                }
            }
            return readMore(c)
        case .readingBody(let head):
            if c.bufferedCount >= head.contentLength {
                dispatch(c, head: head)
                return true
            }
            if head.expectsContinue && !c.continueSent {
                c.continueSent = true
                c.output.append(contentsOf: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                return true
            }
            return readMore(c)
        case .processing:
            return false
        }
    }

    private func skipLeadingCRLF(_ c: Connection) {
        guard case .idle = c.state else { return }
        while c.bufferedCount >= 2, c.input[c.inputStart] == 13, c.input[c.inputStart + 1] == 10 {
            c.consumeInput(2)
        }
    }

    /// Reads what the socket has. Returns true if bytes arrived.
    private func readMore(_ c: Connection) -> Bool {
        if c.peerClosed {
            // The client will send nothing more; a partial request can never complete.
            closeConnection(c)
            return false
        }
        guard c.readable else { return false }
        let n = scratch.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            c.input.append(contentsOf: scratch[0..<n])
            return true
        }
        if n == 0 {
            c.peerClosed = true
            c.readable = false
            return true
        }
        if errno == EINTR { return true }
        if errno == EAGAIN || errno == EWOULDBLOCK {
            c.readable = false
            return false
        }
        closeConnection(c)
        return false
    }

    private func dispatch(_ c: Connection, head: RequestHead) {
        let body = Array(c.input[c.inputStart..<(c.inputStart + head.contentLength)])
        c.consumeInput(head.contentLength)
        var request = HTTPRequest(method: head.method, target: head.target, version: head.version,
                                  headers: head.headers, body: body)
        request.requestID = requestIDs.accept(head.headers["x-request-id"])
        if !request.wantsKeepAlive || draining { c.closeAfterWrite = true }
        let sink = ResponseSink(loop: self, connectionID: c.id, requestID: request.requestID, method: head.method)
        c.state = .processing(sink)
        c.requestsThisTurn += 1
        handler.handle(request, responder: sink)
    }

    /// Takes a handler's response for `sink`'s connection (on the loop thread).
    private func complete(_ sink: ResponseSink, with response: HTTPResponse) {
        guard let c = connections[sink.connectionID], case .processing(let current) = c.state, current === sink else {
            return
        }
        if response.closeConnection { c.closeAfterWrite = true }
        ResponseEncoder.encode(response, requestID: sink.requestID, date: date.current(), close: c.closeAfterWrite,
                               into: &c.output)
        c.state = .idle
        logAccess(sink, status: response.status, bytes: response.body.count)
        drive(c)
    }

    private func respondAndClose(_ c: Connection, _ error: HTTPError) {
        let requestID = requestIDs.generate()
        c.closeAfterWrite = true
        c.state = .idle
        ResponseEncoder.encode(error.response(requestID: requestID), requestID: requestID, date: date.current(),
                               close: true, into: &c.output)
        logger.info("request rejected", ["request_id": .string(requestID), "status": .int(error.status)])
        drive(c)
    }

    private func setReadDeadline(_ c: Connection) {
        let now = MonotonicClock.milliseconds()
        switch c.state {
        case .idle:
            c.deadline = now + limits.idleTimeoutMilliseconds
            c.deadlineAnswers408 = false
        case .readingHead:
            c.deadline = now + limits.headerTimeoutMilliseconds
            c.deadlineAnswers408 = true
        case .readingBody:
            c.deadline = now + limits.bodyTimeoutMilliseconds
            c.deadlineAnswers408 = true
        case .processing:
            break
        }
    }

    private func logAccess(_ sink: ResponseSink, status: Int, bytes: Int) {
        guard logger.isEnabled(.info) else { return }
        let micros = Int((MonotonicClock.nanoseconds() - sink.startNanoseconds) / 1_000)
        logger.info("request", ["request_id": .string(sink.requestID), "method": .string(sink.method),
                                "route": .string(sink.route), "status": .int(status), "duration_us": .int(micros),
                                "response_bytes": .int(bytes)])
    }

    /// Closing right after an error answer would reset the connection while the client is still sending
    /// (a body we refused, say), and a reset can destroy our answer before the client reads it. So: stop
    /// sending, read and drop whatever still arrives, and close at the client's EOF or after a short while.
    private func beginLingering(_ c: Connection) {
        c.lingering = true
        c.deadline = MonotonicClock.milliseconds() + Self.lingerMilliseconds
        c.deadlineAnswers408 = false
        shutdown(c.fd, Int32(SHUT_WR))
        discardInput(c)
    }

    private static let lingerMilliseconds: Int64 = 2_000

    private func discardInput(_ c: Connection) {
        while c.readable {
            let n = scratch.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                c.readable = false
                return
            }
            closeConnection(c)  // EOF or error: the client is done
            return
        }
    }

    private func closeConnection(_ c: Connection) {
        guard connections.removeValue(forKey: c.id) != nil else { return }
        var unused = epoll_event()
        epoll_ctl(epollFD, EPOLL_CTL_DEL, c.fd, &unused)
        close(c.fd)
        connectionCount.value.subtract(1, ordering: .relaxed)
    }
}
