import CLinux
import Foundation
import Logging

/// The per-connection state machine: write what is pending, read, parse, dispatch, answer, linger, close.
/// Runs on the loop's thread only.
extension EventLoop {

    /// Makes all the progress possible now: writes, reads, parses and dispatches, in a loop.
    func drive(_ c: Connection) {
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
        let sink = ResponseSink(loop: self, connectionID: c.id, requestID: request.requestID, method: head.method,
                                version: head.version)
        c.state = .processing(sink)
        c.requestsThisTurn += 1
        handler.handle(request, responder: sink)
    }

    /// Takes a handler's response for `sink`'s connection (on the loop thread).
    func complete(_ sink: ResponseSink, with response: HTTPResponse) {
        guard let c = connections[sink.connectionID], case .processing(let current) = c.state, current === sink else {
            return
        }
        if response.closeConnection { c.closeAfterWrite = true }
        let connection: ResponseEncoder.ConnectionField = c.closeAfterWrite ? .close
                                                        : sink.version == .http10 ? .keepAlive : .none
        let omittingBody = sink.method == "HEAD"
        ResponseEncoder.encode(response, requestID: sink.requestID, date: date.current(), connection: connection,
                               omittingBody: omittingBody, into: &c.output)
        c.state = .idle
        logAccess(sink, status: response.status, bytes: omittingBody ? 0 : response.body.count)
        drive(c)
    }

    func respondAndClose(_ c: Connection, _ error: HTTPError) {
        let omittingBody = c.requestIsHEAD
        c.closeAfterWrite = true
        c.state = .idle
        let requestID = encodeClosing(error, omittingBody: omittingBody, into: &c.output)
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

    func closeConnection(_ c: Connection) {
        guard connections.removeValue(forKey: c.id) != nil else { return }
        var unused = epoll_event()
        epoll_ctl(epollFD, EPOLL_CTL_DEL, c.fd, &unused)
        close(c.fd)
        connectionCount.value.subtract(1, ordering: .relaxed)
    }
}
