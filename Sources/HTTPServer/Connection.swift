/// One client connection's state. Owned and touched only by its event loop's thread.
final class Connection {
    enum State {
        /// Between requests: nothing of the next one has arrived.
        case idle
        /// Part of a request head has arrived.
        case readingHead
        /// The head is parsed; waiting for `contentLength` body bytes.
        case readingBody(RequestHead)
        /// The handler has the request; reading pauses until it answers (responses stay in order).
        case processing(ResponseSink)
    }

    let id: UInt64
    let fd: Int32
    var state: State = .idle
    var parser: RequestParser
    /// Received bytes not yet consumed start at `inputStart`.
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputOffset = 0
    /// Edge-triggered readiness, remembered until the socket says EAGAIN.
    var readable = true
    var writable = true
    var peerClosed = false
    var closeAfterWrite = false
    /// Answered and half-closed; reading only to discard until the client's EOF.
    var lingering = false
    var continueSent = false
    var driving = false
    var isDeferred = false
    var requestsThisTurn = 0
    /// When the current state's timeout strikes, and whether it answers 408 first.
    var deadline: Int64
    var deadlineAnswers408 = false

    init(id: UInt64, fd: Int32, limits: ServerConfiguration.Limits, now: Int64) {
        self.id = id
        self.fd = fd
        self.parser = RequestParser(limits: limits)
        self.deadline = now + limits.idleTimeoutMilliseconds
    }

    var bufferedCount: Int { input.count - inputStart }
    var hasPendingOutput: Bool { outputOffset < output.count }

    func consumeInput(_ count: Int) {
        inputStart += count
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 32 * 1024 {
            input.removeSubrange(0..<inputStart)
            inputStart = 0
        }
    }

    /// Whether the request in progress is a HEAD, whose answer ends at its headers even when the server
    /// refuses the request (the client reads it so and would take a body for the next answer). Before its
    /// head has parsed, the request's first bytes tell: they start the buffer (blank lines were skipped).
    var requestIsHEAD: Bool {
        switch state {
        case .readingBody(let head): return head.method == "HEAD"
        case .processing(let sink): return sink.method == "HEAD"
        case .idle, .readingHead: return input[inputStart...].starts(with: "HEAD ".utf8)
        }
    }

    var isProcessing: Bool {
        if case .processing = state { return true }
        return false
    }
}
