/// One connection's lifecycle as a plain value (swift-nio's way): the phase it is in, what its socket last
/// said, and the decisions that follow from them. It does no I/O and reads no clock: the event loop asks it
/// what to do, does it, reports what happened, and passes the time in. `Sink` is whatever answers the
/// request in progress (a `ResponseSink` in the server; any class in the tests).
struct ConnectionStateMachine<Sink: AnyObject> {
    enum Phase {
        /// Between requests: nothing of the next one has arrived.
        case idle
        /// Part of a request head has arrived.
        case readingHead
        /// The head is parsed; waiting for `contentLength` body bytes.
        case readingBody(RequestHead)
        /// The handler has the request; reading pauses until it answers (responses stay in order).
        case processing(Sink)
        /// Answered and half-closed; reading only to discard until the client's EOF.
        case lingering
    }

    /// What `drive` does next, in this order: pending output goes first, then lingering, then the next read.
    enum Step: Equatable {
        case flush
        case discardInput
        case beginLingering
        /// The handler has the request: nothing to do until it answers.
        case awaitAnswer
        /// Read, parse and dispatch (see `phase`).
        case advance
    }

    /// What reading more input means now.
    enum ReadStep: Equatable {
        /// The client will send nothing more; a partial request can never complete.
        case close
        /// The socket said EAGAIN; wait for the next readiness event.
        case awaitReadable
        case receive
    }

    /// What an answer did to the connection.
    enum AnswerOutcome: Equatable {
        /// Not the request in progress (the connection moved on, or was answered already): ignored.
        case stale
        case keepAlive
        /// The answer carries `Connection: close`; the connection lingers once it is written.
        case close
    }

    /// What strikes when the deadline passes.
    enum Expiry: Equatable {
        case close
        /// A request was under way: answer 408, then close.
        case answer408
    }

    private(set) var phase: Phase = .idle
    /// Edge-triggered readiness, remembered until the socket says EAGAIN.
    private(set) var readable = true
    private(set) var writable = true
    private(set) var peerClosed = false
    private(set) var closeAfterWrite = false
    private(set) var continueSent = false
    /// The connection yielded its turn and waits in the loop's deferred list.
    private(set) var isDeferred = false
    private var driving = false
    private var requestsThisTurn = 0
    /// When the current phase's timeout strikes, and what it does then.
    private(set) var deadline: Int64
    private(set) var expiry = Expiry.close

    /// The timeouts of `ServerConfiguration.Limits` (only plain numbers: the loop copies this value often).
    private let idleTimeout, headerTimeout, bodyTimeout, writeTimeout: Int64
    /// Requests one connection may start per turn: enough for a pipelined burst, few enough that one fast
    /// client cannot starve the others on its loop.
    private let requestsPerTurn: Int
    static var lingerMilliseconds: Int64 { 2_000 }

    init(limits: ServerConfiguration.Limits, requestsPerTurn: Int, now: Int64) {
        idleTimeout = limits.idleTimeoutMilliseconds
        headerTimeout = limits.headerTimeoutMilliseconds
        bodyTimeout = limits.bodyTimeoutMilliseconds
        writeTimeout = limits.writeTimeoutMilliseconds
        self.requestsPerTurn = requestsPerTurn
        deadline = now + limits.idleTimeoutMilliseconds
    }

    var isProcessing: Bool { inFlight != nil }

    /// What answers the request the handler has, if it has one.
    var inFlight: Sink? {
        if case .processing(let sink) = phase { return sink }
        return nil
    }

    var isIdle: Bool {
        if case .idle = phase { return true }
        return false
    }

    var isLingering: Bool {
        if case .lingering = phase { return true }
        return false
    }

    // MARK: - Readiness

    /// An epoll event: readiness is remembered until the socket says EAGAIN.
    mutating func socketReady(readable: Bool, writable: Bool) {
        if readable { self.readable = true }
        if writable { self.writable = true }
    }

    mutating func readWouldBlock() { readable = false }
    mutating func writeWouldBlock() { writable = false }

    /// A read returned end of stream.
    mutating func peerDidClose() {
        peerClosed = true
        readable = false
    }

    var readStep: ReadStep { peerClosed ? .close : readable ? .receive : .awaitReadable }

    // MARK: - Turns

    /// Starts a `drive`; false while one is running (a handler answering inline re-enters) or while the
    /// connection waits for its deferred turn.
    mutating func beginTurn() -> Bool {
        guard !driving, !isDeferred else { return false }
        driving = true
        requestsThisTurn = 0
        return true
    }

    mutating func endTurn() { driving = false }

    /// The loop serves a deferred connection: it may drive again.
    mutating func resume() { isDeferred = false }

    func nextStep(hasPendingOutput: Bool) -> Step {
        if hasPendingOutput { return .flush }
        if isLingering { return .discardInput }
        if closeAfterWrite && !isProcessing { return .beginLingering }
        if isProcessing { return .awaitAnswer }
        return .advance
    }

    /// Before reading the next request: true (and the connection is deferred) when this turn has started
    /// its share of requests, or has answered one and nothing of another is buffered.
    mutating func yieldsTurn(bufferedCount: Int) -> Bool {
        guard isIdle, requestsThisTurn >= requestsPerTurn || (requestsThisTurn > 0 && bufferedCount == 0) else {
            return false
        }
        isDeferred = true
        return true
    }

    // MARK: - A request

    /// The first bytes of a request head are buffered.
    mutating func headStarted(now: Int64) {
        guard isIdle else { return }
        phase = .readingHead
        armReadTimer(now: now)
    }

    mutating func headParsed(_ head: RequestHead, now: Int64) {
        phase = .readingBody(head)
        continueSent = false
        armReadTimer(now: now)
    }

    /// True once per request that asked for `100 Continue` and whose body has not all arrived: send it now.
    mutating func needsContinue() -> Bool {
        guard case .readingBody(let head) = phase, head.expectsContinue, !continueSent else { return false }
        continueSent = true
        return true
    }

    /// The whole request is in; `responder` answers it. `keepAlive` is false when the request asked to close
    /// or the server is draining.
    mutating func dispatched(to responder: Sink, keepAlive: Bool) {
        if !keepAlive { closeAfterWrite = true }
        phase = .processing(responder)
        requestsThisTurn += 1
    }

    /// `responder` answered; `closing` when its response asks to end the connection.
    mutating func answered(by responder: Sink, closing: Bool) -> AnswerOutcome {
        guard case .processing(let current) = phase, current === responder else { return .stale }
        if closing { closeAfterWrite = true }
        phase = .idle
        return closeAfterWrite ? .close : .keepAlive
    }

    /// The server refused the request itself (a parse error, a timeout): its answer closes the connection.
    mutating func rejected() {
        closeAfterWrite = true
        phase = .idle
    }

    // MARK: - Writing, lingering, draining

    /// Bytes went out: the client has `writeTimeoutMilliseconds` to take the next ones.
    mutating func wrote(now: Int64) {
        deadline = now + writeTimeout
        expiry = .close
    }

    /// All pending output went out: the read timeout of the phase applies again.
    mutating func flushed(now: Int64) {
        if !isProcessing { armReadTimer(now: now) }
    }

    /// Answered with close and written: stop sending, read and drop what still arrives, close at the
    /// client's EOF or after `lingerMilliseconds`.
    mutating func beginLingering(now: Int64) {
        phase = .lingering
        deadline = now + Self.lingerMilliseconds
        expiry = .close
    }

    /// The server is shutting down: true when the connection can close at once (nothing under way, nothing
    /// buffered or unwritten); otherwise it closes after its current answer.
    mutating func drain(hasBufferedInput: Bool, hasPendingOutput: Bool) -> Bool {
        if isIdle || isLingering, !hasBufferedInput, !hasPendingOutput { return true }
        closeAfterWrite = true
        return false
    }

    /// What the passing of `deadline` does at `now`; nil while a handler has the request or before it.
    func expiry(at now: Int64, hasPendingOutput: Bool) -> Expiry? {
        guard !isProcessing, now >= deadline else { return nil }
        return expiry == .answer408 && !isLingering && !hasPendingOutput ? .answer408 : .close
    }

    private mutating func armReadTimer(now: Int64) {
        switch phase {
        case .idle:
            deadline = now + idleTimeout
            expiry = .close
        case .readingHead:
            deadline = now + headerTimeout
            expiry = .answer408
        case .readingBody:
            deadline = now + bodyTimeout
            expiry = .answer408
        case .processing, .lingering:
            break
        }
    }
}
