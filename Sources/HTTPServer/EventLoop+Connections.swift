import CLinux
import Foundation
import Logging

/// The per-connection I/O: write what is pending, read, parse, dispatch, answer, linger, close, as the
/// connection's `ConnectionStateMachine` decides. Runs on the loop's thread only.
extension EventLoop {

    /// Makes all the progress possible now: writes, reads, parses and dispatches, in a loop.
    func drive(_ c: Connection) {
        guard c.state.beginTurn() else { return }
        defer { c.state.endTurn() }
        while connections[c.id] != nil {
            switch c.state.nextStep(hasPendingOutput: c.hasPendingOutput) {
            case .flush:
                guard flush(c) else { return }
            case .discardInput:
                discardInput(c)
                return
            case .beginLingering:
                beginLingering(c)
                return
            case .awaitAnswer:
                return
            case .advance:
                if !advance(c) { return }
            }
        }
    }

    /// Writes pending output. Returns true when all of it has gone.
    private func flush(_ c: Connection) -> Bool {
        while c.hasPendingOutput {
            guard c.state.writable else { return false }
            let sent: Int?
            do {
                sent = try nonBlockingSyscall("send") {
                    c.output.withUnsafeBytes { raw in
                        send(c.fd, raw.baseAddress! + c.outputOffset, raw.count - c.outputOffset, Int32(MSG_NOSIGNAL))
                    }
                }
            } catch {
                closeConnection(c)
                return false
            }
            guard let n = sent else {
                c.state.writeWouldBlock()
                return false
            }
            guard n > 0 else {
                closeConnection(c)
                return false
            }
            c.outputOffset += n
            c.state.wrote(now: MonotonicClock.milliseconds())
        }
        c.output.removeAll(keepingCapacity: c.output.capacity <= 64 * 1024)
        c.outputOffset = 0
        c.state.flushed(now: MonotonicClock.milliseconds())
        return true
    }

    /// One step of reading a request. Returns false when nothing more can happen until the next event.
    private func advance(_ c: Connection) -> Bool {
        switch c.state.phase {
        case .idle, .readingHead:
            if c.state.yieldsTurn(bufferedCount: c.bufferedCount) {
                // The next request on this connection waits for the other connections' turn.
                deferred.append(c.id)
                return false
            }
            skipLeadingCRLF(c)
            if c.bufferedCount > 0 {
                c.state.headStarted(now: MonotonicClock.milliseconds())
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
                    c.state.headParsed(head, now: MonotonicClock.milliseconds())
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
            if c.state.needsContinue() {
                c.output.append(contentsOf: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                return true
            }
            return readMore(c)
        case .processing, .lingering:
            return false
        }
    }

    private func skipLeadingCRLF(_ c: Connection) {
        guard c.state.isIdle else { return }
        while c.bufferedCount >= 2, c.input[c.inputStart] == 13, c.input[c.inputStart + 1] == 10 {
            c.consumeInput(2)
        }
    }

    /// Reads what the socket has. Returns true if bytes arrived.
    private func readMore(_ c: Connection) -> Bool {
        switch c.state.readStep {
        case .close:
            closeConnection(c)
            return false
        case .awaitReadable:
            return false
        case .receive:
            break
        }
        let received: Int?
        do {
            received = try nonBlockingSyscall("recv") { scratch.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) } }
        } catch {
            closeConnection(c)
            return false
        }
        guard let n = received else {
            c.state.readWouldBlock()
            return false
        }
        if n == 0 {
            c.state.peerDidClose()
        } else {
            c.input.append(contentsOf: scratch[0..<n])
        }
        return true
    }

    private func dispatch(_ c: Connection, head: RequestHead) {
        let body = Array(c.input[c.inputStart..<(c.inputStart + head.contentLength)])
        c.consumeInput(head.contentLength)
        var request = HTTPRequest(method: head.method, target: head.target, version: head.version,
                                  headers: head.headers, body: body)
        request.requestID = requestIDs.accept(head.headers["x-request-id"])
        let sink = ResponseSink(loop: self, connectionID: c.id, requestID: request.requestID, method: head.method,
                                version: head.version)
        c.state.dispatched(to: sink, keepAlive: request.wantsKeepAlive && !draining)
        handler.handle(request, responder: sink)
    }

    /// Takes a handler's response for `sink`'s connection (on the loop thread).
    func complete(_ sink: ResponseSink, with response: HTTPResponse) {
        guard let c = connections[sink.connectionID] else { return }
        let connection: ResponseEncoder.ConnectionField
        switch c.state.answered(by: sink, closing: response.closeConnection) {
        case .stale: return
        case .close: connection = .close
        case .keepAlive: connection = sink.version == .http10 ? .keepAlive : .none
        }
        let omittingBody = sink.method == "HEAD"
        ResponseEncoder.encode(response, requestID: sink.requestID, date: date.current(), connection: connection,
                               omittingBody: omittingBody, into: &c.output)
        logAccess(sink, status: response.status, bytes: omittingBody ? 0 : response.body.count)
        drive(c)
    }

    func respondAndClose(_ c: Connection, _ error: HTTPError) {
        let omittingBody = c.requestIsHEAD
        c.state.rejected()
        let requestID = encodeClosing(error, omittingBody: omittingBody, into: &c.output)
        logger.info("request rejected", ["request_id": .string(requestID), "status": .int(error.status)])
        drive(c)
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
        c.state.beginLingering(now: MonotonicClock.milliseconds())
        _ = try? syscall("shutdown") { shutdown(c.fd, Int32(SHUT_WR)) }
        discardInput(c)
    }

    private func discardInput(_ c: Connection) {
        while c.state.readable {
            let received: Int?
            do {
                received = try nonBlockingSyscall("recv") { scratch.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) } }
            } catch {
                closeConnection(c)  // the client is gone
                return
            }
            guard let n = received else {
                c.state.readWouldBlock()
                return
            }
            if n == 0 {
                closeConnection(c)  // EOF: the client is done
                return
            }
        }
    }

    func closeConnection(_ c: Connection) {
        guard connections.removeValue(forKey: c.id) != nil else { return }
        // A request still queued for a worker need not run: its job takes a queue slot sized by open connections.
        c.state.inFlight?.cancel()
        var unused = epoll_event()
        _ = try? syscall("epoll_ctl") { epoll_ctl(epollFD, EPOLL_CTL_DEL, c.fd, &unused) }
        // Not retried on EINTR: Linux has released the descriptor whatever close answers.
        close(c.fd)
        connectionCount.value.subtract(1, ordering: .relaxed)
    }
}
