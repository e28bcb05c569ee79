/// One client connection: its socket, buffers, parser and lifecycle. Owned and touched only by its event
/// loop's thread.
final class Connection {
    let id: UInt64
    let fd: Int32
    var state: ConnectionStateMachine<ResponseSink>
    var parser: RequestParser
    /// Received bytes not yet consumed start at `inputStart`.
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputOffset = 0

    init(id: UInt64, fd: Int32, limits: ServerConfiguration.Limits, requestsPerTurn: Int, now: Int64) {
        self.id = id
        self.fd = fd
        self.state = ConnectionStateMachine(limits: limits, requestsPerTurn: requestsPerTurn, now: now)
        self.parser = RequestParser(limits: limits)
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
        switch state.phase {
        case .readingBody(let head): return head.method == "HEAD"
        case .processing(let sink): return sink.method == "HEAD"
        case .idle, .readingHead, .lingering: return input[inputStart...].starts(with: "HEAD ".utf8)
        }
    }
}
