import Foundation
import HTTPTestSupport
import Logging
import XCTest
@testable import HTTPServer

/// The handler contract in process: authorization from memory or on a worker, placement, deferred answers,
/// refusals, the busy answer, and the rendering of every error.
final class RouteRunnerTests: XCTestCase {
    /// Authorization header `cached <name>`: allowed from memory; `stored <name>`: only on a worker;
    /// `later`: refused after a detour through another thread; anything else: 401. A route requires a name.
    struct StubAuthorizer: RequestAuthorizer {
        let lookups = ThreadLog()

        func authorizeFromMemory(_ request: HTTPRequest, _ requirement: String, requestID: String) -> Authorization<String>? {
            let header = request.headers["authorization"] ?? ""
            if header.hasPrefix("stored ") { return nil }
            return verdict(header.replacingOccurrences(of: "cached ", with: ""), requirement)
        }

        func authorize(_ request: HTTPRequest, _ requirement: String, requestID: String) -> Authorization<String> {
            lookups.note()
            return verdict((request.headers["authorization"] ?? "").replacingOccurrences(of: "stored ", with: ""), requirement)
        }

        private func verdict(_ name: String, _ requirement: String) -> Authorization<String> {
            if name == "later" {
                return .refusedLater { answer in
                    Thread.detachNewThread { answer.send { throw HTTPError(403, "refused once noted") } }
                }
            }
            guard !name.isEmpty else { return .refused(HTTPError(401, "who are you")) }
            return name == requirement ? .allowed(name) : .refused(HTTPError(403, "not \(requirement)"))
        }
    }

    /// The threads something ran on.
    final class ThreadLog: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func note() { lock.withLock { names.append(Thread.current.name ?? "") } }
        var all: [String] { lock.withLock { names } }
    }

    struct Secret: Error { let text = "4111 1111 1111 1111" }

    struct Domain: HTTPErrorConvertible {
        var httpError: HTTPError { HTTPError(409, "domain rule") }
        func report(to logger: Logger, requestID: String) { logger.warning("domain error", ["request_id": .string(requestID)]) }
    }

    let authorizer = StubAuthorizer()
    let ran = ThreadLog()
    var logPath = ""
    var logger = Logger.shared

    override func setUp() {
        logPath = NSTemporaryDirectory() + "runner-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        logger = Logger(minimum: .debug, fileDescriptor: Glibc.open(logPath, O_WRONLY | O_APPEND))
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: logPath) }

    private func router(workers: WorkerPool = WorkerPool(name: "runner-test", threads: 2, maxQueued: 8)) -> Router {
        let runner = RouteRunner(authorizer: authorizer, workers: workers, busyMessage: "busy here", logger: logger)
        var router = Router(logger: logger)
        let ran = self.ran
        router.add("GET", "/loop", runner.handler("ann", on: .loop) { _, caller in
            ran.note()
            return .now(HTTPResponse(status: 200, body: Array("hello \(caller)".utf8)))
        })
        router.add("GET", "/worker", runner.handler("ann", on: .workers) { _, _ in
            ran.note()
            return .now(HTTPResponse(status: 200))
        })
        router.add("GET", "/later", runner.handler("ann", on: .loop) { request, _ in
            let fail = request.query == "fail"
            return .later { answer in
                Thread.detachNewThread {
                    answer.send {
                        if fail { throw HTTPError(422, "failed later") }
                        return HTTPResponse(status: 201)
                    }
                }
            }
        })
        router.add("GET", "/secret", runner.handler("ann", on: .loop) { _, _ in throw Secret() })
        router.add("GET", "/domain", runner.handler("ann", on: .workers) { _, _ in throw Domain() })
        router.add("GET", "/open", runner.open(on: .workers) { _ in .now(HTTPResponse(status: 204)) })
        router.add("GET", "/health", runner.open(on: .workers, whenBusy: { _ in .now(HTTPResponse(status: 200, body: Array("as last seen".utf8))) }) { _ in
            .now(HTTPResponse(status: 200, body: Array("checked".utf8)))
        })
        return router
    }

    private func get(_ router: Router, _ path: String, _ authorization: String? = "cached ann") throws -> TestResponse {
        try inProcessRequest(router, method: "GET", path: path, headers: authorization.map { ["Authorization": $0] } ?? [:])
    }

    func testAllowedFromMemoryRunsWhereTheRouteIsPlaced() throws {
        let router = router()
        let here = Thread.current.name ?? ""
        let loop = try get(router, "/loop")
        XCTAssertEqual(loop.status, 200)
        XCTAssertEqual(loop.text, "hello ann", "the handler is given the caller")
        XCTAssertEqual(try get(router, "/worker").status, 200)
        XCTAssertEqual(ran.all.count, 2)
        XCTAssertEqual(ran.all.first, here, "a loop route runs on the thread that routed it")
        XCTAssertTrue(ran.all.last?.hasPrefix("runner-test-") == true, "a worker route runs on a worker: \(ran.all)")
        XCTAssertEqual(authorizer.lookups.all, [], "nothing asked the store")
    }

    func testAVerdictOnlyAStoreCanGiveIsReachedOnAWorker() throws {
        let router = router()
        XCTAssertEqual(try get(router, "/loop", "stored ann").status, 200)
        XCTAssertEqual(try get(router, "/loop", "stored bob").status, 403)
        XCTAssertEqual(authorizer.lookups.all.count, 2)
        XCTAssertTrue(authorizer.lookups.all.allSatisfy { $0.hasPrefix("runner-test-") }, "\(authorizer.lookups.all)")
        XCTAssertTrue(ran.all.allSatisfy { $0.hasPrefix("runner-test-") }, "the handler then runs there too")
    }

    func testRefusalsAnswerAsTheAuthorizerSays() throws {
        let router = router()
        let anonymous = try get(router, "/loop", nil)
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.json["message"] as? String, "who are you")
        XCTAssertEqual(try get(router, "/worker", "cached bob").status, 403)
        let later = try get(router, "/worker", "cached later")
        XCTAssertEqual(later.status, 403)
        XCTAssertEqual(later.json["message"] as? String, "refused once noted")
        XCTAssertEqual(ran.all, [], "no handler ran for a refused caller")
        XCTAssertEqual(try get(router, "/open", nil).status, 204, "an open route asks nobody")
    }

    func testDeferredAnswersAndTheirErrors() throws {
        let router = router()
        XCTAssertEqual(try get(router, "/later").status, 201)
        let failed = try get(router, "/later?fail")
        XCTAssertEqual(failed.status, 422)
        XCTAssertEqual(failed.headers["content-type"], "application/problem+json")
        XCTAssertEqual(failed.json["message"] as? String, "failed later")
        XCTAssertEqual(failed.json["request_id"] as? String, "in-process")
    }

    func testAnUnknownErrorIsA500ThatSaysNothingAndIsLoggedByTypeOnly() throws {
        let router = router()
        let answer = try get(router, "/secret")
        XCTAssertEqual(answer.status, 500)
        XCTAssertEqual(answer.json["message"] as? String, "internal error")
        XCTAssertFalse(answer.text.contains("4111"))
        logger.flush()
        let log = String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
        XCTAssertTrue(log.contains("Secret"), log)
        XCTAssertFalse(log.contains("4111"), "the error's text is never logged")
    }

    func testADomainErrorRendersAsItsHTTPErrorAndIsReported() throws {
        let answer = try get(router(), "/domain")
        XCTAssertEqual(answer.status, 409)
        XCTAssertEqual(answer.json["message"] as? String, "domain rule")
        logger.flush()
        XCTAssertTrue(String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self).contains("domain error"))
    }

    func testAFullQueueIs503WithRetryAfter() throws {
        let workers = WorkerPool(name: "runner-test", threads: 1, maxQueued: 1)
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        XCTAssertTrue(workers.submit { release.wait() })
        while !workers.submit({}) { usleep(1_000) }
        let router = router(workers: workers)
        for (path, authorization) in [("/worker", "cached ann"), ("/loop", "stored ann"), ("/open", "")] {
            let busy = try get(router, path, authorization)
            XCTAssertEqual(busy.status, 503, path)
            XCTAssertEqual(busy.json["message"] as? String, "busy here")
            XCTAssertEqual(busy.headers["retry-after"], "1")
        }
        XCTAssertEqual(try get(router, "/loop").status, 200, "a loop route with a cached key needs no worker")
        XCTAssertEqual(try get(router, "/health", nil).text, "as last seen", "a route with its own busy answer gives it")
        release.signal()
        workers.close()
        XCTAssertEqual(try get(self.router(), "/health", nil).text, "checked")
    }

    func testAJobWhoseConnectionClosedWhileItWaitedDoesNotRun() throws {
        let workers = WorkerPool(name: "runner-test", threads: 1, maxQueued: 8)
        let release = DispatchSemaphore(value: 0)
        XCTAssertTrue(workers.submit { release.wait() })
        let router = router(workers: workers)
        let gone = CapturingResponder(requestID: "gone")
        let stays = CapturingResponder(requestID: "stays")
        for responder in [gone, stays] {
            var request = HTTPRequest(method: "GET", target: "/worker", headers: HTTPHeaders([("Authorization", "cached ann")]), body: [])
            request.requestID = responder.requestID
            router.handle(request, responder: responder)
        }
        gone.cancel()
        release.signal()
        XCTAssertEqual(stays.wait()?.status, 200)
        workers.close()
        XCTAssertEqual(ran.all.count, 1, "only the request whose client is still there ran")
        XCTAssertNil(gone.wait(seconds: 0))
    }
}
