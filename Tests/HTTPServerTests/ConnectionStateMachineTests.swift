import XCTest
@testable import HTTPServer

/// The connection lifecycle without sockets: each test plays the event loop's part, step by step.
final class ConnectionStateMachineTests: XCTestCase {
    private final class Sink {}
    private typealias Machine = ConnectionStateMachine<Sink>

    private var limits: ServerConfiguration.Limits {
        var limits = ServerConfiguration.Limits()
        limits.idleTimeoutMilliseconds = 60_000
        limits.headerTimeoutMilliseconds = 10_000
        limits.bodyTimeoutMilliseconds = 30_000
        limits.writeTimeoutMilliseconds = 20_000
        return limits
    }

    private func head(_ method: String = "POST", contentLength: Int = 5, expectsContinue: Bool = false) -> RequestHead {
        RequestHead(method: method, target: "/", version: .http11, headers: HTTPHeaders(), contentLength: contentLength,
                    expectsContinue: expectsContinue, byteCount: 40)
    }

    /// Takes a fresh machine from idle to processing one request, the way `drive` does.
    private func dispatch(_ machine: inout Machine, keepAlive: Bool = true, now: Int64 = 0) -> Sink {
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .advance)
        XCTAssertFalse(machine.yieldsTurn(bufferedCount: 40))
        machine.headStarted(now: now)
        machine.headParsed(head(), now: now)
        let responder = Sink()
        machine.dispatched(to: responder, keepAlive: keepAlive)
        return responder
    }

    func testKeepAliveServesOneRequestAfterAnother() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertTrue(machine.beginTurn())
        XCTAssertEqual(machine.deadline, 60_000, "idle timeout")
        for _ in 0..<3 {
            let responder = dispatch(&machine)
            XCTAssertTrue(machine.isProcessing)
            XCTAssertTrue(machine.inFlight === responder, "what a closing connection cancels")
            XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .awaitAnswer)
            XCTAssertEqual(machine.answered(by: responder, closing: false), .keepAlive)
            XCTAssertNil(machine.inFlight)
            XCTAssertEqual(machine.nextStep(hasPendingOutput: true), .flush)
            machine.flushed(now: 100)
            XCTAssertTrue(machine.isIdle)
            XCTAssertEqual(machine.deadline, 100 + 60_000, "idle again once the answer is written")
            XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .advance)
        }
        XCTAssertFalse(machine.closeAfterWrite)
    }

    func testTimeoutsFollowThePhase() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertEqual(machine.expiry(at: 59_999, hasPendingOutput: false), nil)
        XCTAssertEqual(machine.expiry(at: 60_000, hasPendingOutput: false), .close, "an idle connection just closes")
        machine.headStarted(now: 1_000)
        XCTAssertEqual(machine.expiry(at: 11_000, hasPendingOutput: false), .answer408)
        XCTAssertEqual(machine.expiry(at: 11_000, hasPendingOutput: true), .close, "no 408 behind unwritten bytes")
        machine.headParsed(head(), now: 2_000)
        XCTAssertEqual(machine.deadline, 32_000)
        XCTAssertEqual(machine.expiry(at: 32_000, hasPendingOutput: false), .answer408)
        machine.dispatched(to: Sink(), keepAlive: true)
        XCTAssertEqual(machine.expiry(at: .max, hasPendingOutput: false), nil, "no timeout while the handler works")
        machine.wrote(now: 50_000)
        XCTAssertEqual(machine.deadline, 70_000)
    }

    func testCloseAfterWriteLingersOnceTheAnswerIsOut() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        let responder = dispatch(&machine, keepAlive: false)
        XCTAssertTrue(machine.closeAfterWrite)
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .awaitAnswer, "no lingering before the answer")
        XCTAssertEqual(machine.answered(by: responder, closing: false), .close)
        XCTAssertEqual(machine.nextStep(hasPendingOutput: true), .flush)
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .beginLingering)
    }

    func testAnAnswerAskingToCloseClosesAKeepAliveConnection() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        let responder = dispatch(&machine)
        XCTAssertEqual(machine.answered(by: responder, closing: true), .close)
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .beginLingering)
    }

    func testLingeringDiscardsInputUntilEOFOrItsDeadline() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        machine.headStarted(now: 0)
        machine.rejected()
        XCTAssertEqual(machine.nextStep(hasPendingOutput: true), .flush)
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .beginLingering)
        machine.beginLingering(now: 5_000)
        XCTAssertTrue(machine.isLingering)
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .discardInput)
        XCTAssertEqual(machine.deadline, 5_000 + Machine.lingerMilliseconds)
        XCTAssertEqual(machine.expiry(at: 7_000, hasPendingOutput: false), .close, "never a 408 while lingering")
        XCTAssertTrue(machine.drain(hasBufferedInput: false, hasPendingOutput: false),
                      "a lingering connection does not hold up a shutdown")
    }

    func testContinueIsSentOncePerRequestThatAsksForIt() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertFalse(machine.needsContinue(), "not before a head")
        machine.headStarted(now: 0)
        machine.headParsed(head(expectsContinue: true), now: 0)
        XCTAssertTrue(machine.needsContinue())
        XCTAssertFalse(machine.needsContinue(), "once")
        let responder = Sink()
        machine.dispatched(to: responder, keepAlive: true)
        XCTAssertFalse(machine.needsContinue(), "not while processing")
        _ = machine.answered(by: responder, closing: false)
        machine.headStarted(now: 0)
        machine.headParsed(head(expectsContinue: true), now: 0)
        XCTAssertTrue(machine.needsContinue(), "again for the next request")
        machine.headParsed(head(expectsContinue: false), now: 0)
        XCTAssertFalse(machine.needsContinue(), "not for a request that did not ask")
    }

    func testPeerCloseWhileProcessingIsSeenOnlyAfterTheAnswer() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertEqual(machine.readStep, .receive)
        let responder = dispatch(&machine)
        machine.socketReady(readable: true, writable: false)  // EPOLLRDHUP
        XCTAssertEqual(machine.nextStep(hasPendingOutput: false), .awaitAnswer, "nothing is read while processing")
        XCTAssertEqual(machine.answered(by: responder, closing: false), .keepAlive, "the answer is still written")
        XCTAssertEqual(machine.nextStep(hasPendingOutput: true), .flush)
        XCTAssertEqual(machine.readStep, .receive)
        machine.peerDidClose()  // the read returned EOF
        XCTAssertFalse(machine.readable)
        XCTAssertEqual(machine.readStep, .close, "a partial next request can never complete")
        machine.socketReady(readable: true, writable: true)
        XCTAssertEqual(machine.readStep, .close)
    }

    func testReadinessIsRememberedUntilEAGAIN() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertTrue(machine.readable && machine.writable)
        machine.readWouldBlock()
        machine.writeWouldBlock()
        XCTAssertEqual(machine.readStep, .awaitReadable)
        XCTAssertFalse(machine.writable)
        machine.socketReady(readable: false, writable: true)
        XCTAssertTrue(machine.writable)
        XCTAssertEqual(machine.readStep, .awaitReadable)
        machine.socketReady(readable: true, writable: false)
        XCTAssertEqual(machine.readStep, .receive)
        XCTAssertTrue(machine.writable, "an event never clears readiness")
    }

    func testAnAnswerDeliveredLaterReachesOnlyTheRequestInProgress() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        let first = dispatch(&machine)
        XCTAssertEqual(machine.answered(by: Sink(), closing: true), .stale, "another request's answer")
        XCTAssertTrue(machine.isProcessing)
        XCTAssertFalse(machine.closeAfterWrite, "a stale answer changes nothing")
        XCTAssertEqual(machine.answered(by: first, closing: false), .keepAlive)
        XCTAssertEqual(machine.answered(by: first, closing: false), .stale, "answered already")
    }

    func testATurnYieldsAfterItsShareOfRequestsAndResumesWhenServed() {
        var machine = Machine(limits: limits, requestsPerTurn: 2, now: 0)
        XCTAssertTrue(machine.beginTurn())
        XCTAssertFalse(machine.beginTurn(), "no re-entry while driving (a handler answering inline)")
        for _ in 0..<2 {
            let responder = dispatch(&machine)
            _ = machine.answered(by: responder, closing: false)
        }
        XCTAssertTrue(machine.yieldsTurn(bufferedCount: 100), "two requests started: the others' turn")
        XCTAssertTrue(machine.isDeferred)
        machine.endTurn()
        XCTAssertFalse(machine.beginTurn(), "a deferred connection waits for the loop to serve it")
        machine.resume()
        XCTAssertTrue(machine.beginTurn())
        XCTAssertFalse(machine.yieldsTurn(bufferedCount: 100), "a new turn has a new share")
    }

    func testATurnYieldsAfterAnAnswerWhenNothingMoreIsBuffered() {
        var machine = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertTrue(machine.beginTurn())
        XCTAssertFalse(machine.yieldsTurn(bufferedCount: 0), "nothing served yet: read")
        let responder = dispatch(&machine)
        _ = machine.answered(by: responder, closing: false)
        XCTAssertFalse(machine.yieldsTurn(bufferedCount: 10), "a pipelined request is served in this turn")
        XCTAssertTrue(machine.yieldsTurn(bufferedCount: 0))
    }

    func testDrainClosesIdleConnectionsAndLetsOthersFinish() {
        var idle = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertFalse(idle.drain(hasBufferedInput: true, hasPendingOutput: false), "a pipelined request is served")
        XCTAssertTrue(idle.closeAfterWrite)
        var quiet = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        XCTAssertTrue(quiet.drain(hasBufferedInput: false, hasPendingOutput: false))
        var busy = Machine(limits: limits, requestsPerTurn: 8, now: 0)
        let responder = dispatch(&busy)
        XCTAssertFalse(busy.drain(hasBufferedInput: false, hasPendingOutput: false))
        XCTAssertEqual(busy.answered(by: responder, closing: false), .close, "its answer says close")
    }
}
