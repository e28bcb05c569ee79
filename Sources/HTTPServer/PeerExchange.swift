import Foundation
import Logging
import TLS
#if canImport(Glibc)
import Glibc
#endif

/// The requests of one verified peer connection, one at a time: read a head and its body within the limits,
/// hand the request to the handler, wait for its answer, write it, and go on while the connection is kept
/// alive. A request the parser refuses is answered with its error and ends the connection, as on the API port.
struct PeerExchange {
    let stream: TLSStream
    let socket: Int32
    let peerName: String
    let configuration: MutualTLSServer.Configuration
    let handler: any HTTPHandler
    let logger: Logger
    /// Sets the time (milliseconds from now) by which the connection must have read the request it began,
    /// or with nil clears it; past it the server cuts the connection.
    let setDeadline: (Int?) -> Void

    func run(stopping: () -> Bool) {
        var input: [UInt8] = []
        var date = HTTPDate()
        let requestIDs = RequestIDGenerator(seed: UInt64.random(in: .min ... .max))
        while !stopping() {
            let request: HTTPRequest
            switch read(&input) {
            case .request(let next): request = next
            case .closed: return
            case .refused(let error, let offered):
                // As on the API port: a refusal still has a request id, in body and header; the caller's own when
                // the head that carried it was read (a body over the limit), so both nodes log the same one.
                let requestID = requestIDs.accept(offered)
                write(error.response(requestID: requestID), requestID: requestID, close: true, date: &date)
                logger.info("peer request rejected", ["request_id": .string(requestID), "peer": .string(peerName),
                                                      "status": .int(error.status)])
                return
            }
            var routed = request
            routed.requestID = requestIDs.accept(request.headers["x-request-id"])
            routed.peerName = peerName
            let responder = WaitingResponder(requestID: routed.requestID)
            let start = MonotonicClock.nanoseconds()
            handler.handle(routed, responder: responder)
            let response = responder.wait()
            let keepAlive = request.wantsKeepAlive && !stopping()
            guard write(response, requestID: routed.requestID, close: !keepAlive, date: &date,
                        omittingBody: request.method == "HEAD") else { return }
            logger.info("peer request", ["request_id": .string(routed.requestID), "peer": .string(peerName),
                                         "method": .string(request.method), "route": .string(responder.route),
                                         "status": .int(response.status),
                                         "duration_us": .int(Int((MonotonicClock.nanoseconds() - start) / 1_000))])
            if !keepAlive { return }
        }
    }

    private enum Read {
        case request(HTTPRequest)
        case closed
        /// `requestID`: the `X-Request-Id` of the head, when one was parsed.
        case refused(HTTPError, requestID: String? = nil)
    }

    /// The next request; `input` keeps what arrived beyond it (a pipelined request).
    private func read(_ input: inout [UInt8]) -> Read {
        // The body limit is checked below, with the head in hand (the parser would refuse without it).
        var parsing = configuration.limits
        parsing.maxBodyBytes = Int.max
        parsing.largeBodies = []
        var parser = RequestParser(limits: parsing)
        // Between requests the connection may idle; within one, each read gets the I/O timeout.
        MutualTLSServer.setTimeout(socket, milliseconds: input.isEmpty ? configuration.idleTimeoutMilliseconds
                                                                        : configuration.ioTimeoutMilliseconds)
        // A request begun in what was read with the one before (pipelined) gets its deadline now.
        if !input.isEmpty {
            setDeadline(Int(configuration.limits.headerTimeoutMilliseconds + configuration.limits.bodyTimeoutMilliseconds))
        }
        var head: RequestHead?
        while head == nil {
            if !input.isEmpty {
                switch input.withUnsafeBufferPointer({ parser.parse($0) }) {
                case .head(let parsed): head = parsed; continue
                case .failure(let error): return .refused(error)
                case .needMore: break
                }
            }
            guard let chunk = receive() else { return input.isEmpty ? .closed : .refused(HTTPError(408, "request incomplete")) }
            if input.isEmpty {
                MutualTLSServer.setTimeout(socket, milliseconds: configuration.ioTimeoutMilliseconds)
                setDeadline(Int(configuration.limits.headerTimeoutMilliseconds + configuration.limits.bodyTimeoutMilliseconds))
            }
            input += chunk
        }
        guard let head else { return .closed }
        let limit = configuration.limits.maxBodyBytes(method: head.method, target: head.target)
        guard head.contentLength <= limit else {
            // A node sending more than this one takes (their limits differ) is still writing: read what it sends
            // (up to 64 MiB) before answering, or it would fail on the closed socket without reading the 413.
            var left = min(head.contentLength, 64 << 20) - (input.count - head.byteCount)
            input.removeAll()
            while left > 0, let chunk = receive() { left -= chunk.count }
            return .refused(HTTPError(413, "request body larger than \(limit) bytes"), requestID: head.headers["x-request-id"])
        }
        let end = head.byteCount + head.contentLength
        if head.expectsContinue, input.count < end, (try? stream.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))) == nil {
            return .closed
        }
        while input.count < end {
            guard let chunk = receive() else {
                return .refused(HTTPError(408, "request body incomplete"), requestID: head.headers["x-request-id"])
            }
            input += chunk
        }
        setDeadline(nil)
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers,
                                  body: Array(input[head.byteCount..<end]))
        input.removeFirst(end)
        return .request(request)
    }

    /// Bytes, or nil at the end of the stream, a timeout or a broken connection.
    private func receive() -> [UInt8]? {
        guard let chunk = try? stream.read(maximum: 64 * 1024), !chunk.isEmpty else { return nil }
        return chunk
    }

    @discardableResult
    private func write(_ response: HTTPResponse, requestID: String, close: Bool, date: inout HTTPDate,
                       omittingBody: Bool = false) -> Bool {
        var out: [UInt8] = []
        ResponseEncoder.encode(response, requestID: requestID, date: date.current(), connection: close ? .close : .none,
                               omittingBody: omittingBody, into: &out)
        return (try? stream.write(out)) != nil
    }
}

/// A `Responder` whose answer the connection's thread waits for.
final class WaitingResponder: Responder, @unchecked Sendable {
    let requestID: String
    private let condition = NSCondition()
    private var answer: (@Sendable () -> HTTPResponse)?
    private var routePattern = "unmatched"

    init(requestID: String) { self.requestID = requestID }

    func send(_ build: @escaping @Sendable () -> HTTPResponse) {
        condition.lock()
        defer { condition.unlock() }
        guard answer == nil else { return }
        answer = build
        condition.signal()
    }

    func setRoute(_ pattern: String) {
        condition.lock()
        routePattern = pattern
        condition.unlock()
    }

    var route: String {
        condition.lock()
        defer { condition.unlock() }
        return routePattern
    }

    func wait() -> HTTPResponse {
        condition.lock()
        while answer == nil { condition.wait() }
        let build = answer!
        condition.unlock()
        return build()
    }
}
