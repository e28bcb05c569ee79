import Foundation
import HTTPServer
import HTTPTestSupport
import XCTest
@testable import Vault
@testable import VaultAPI

/// The vault's routes driven in process, without sockets: the router, the handler contract and the real
/// vault, answered into a `CapturingResponder` (the live tests cover the same routes over sockets).
final class PIIRoutesTests: XCTestCase {
    let tokenize = "/v1/d/pii/tokenize"
    let detokenize = "/v1/d/pii/detokenize"

    func testChecksComeIn401Then429Then400Then403Order() throws {
        let fixture = try APIFixture(rateLimit: 1, live: false)
        let body = fixture.json(["data": ["a": 1]])
        // An unknown key is 401 however often it comes: it has no rate to be over.
        for _ in 0..<3 {
            let unknown = try fixture.post(tokenize, body, key: "pvk_nothing")
            XCTAssertEqual(unknown.status, 401)
            XCTAssertEqual(unknown.headers["www-authenticate"], "Bearer")
        }
        // A key with the wrong scope and no Tenant header: 400 before 403; then over its rate: 429 before 400.
        let reader = try fixture.makeKey(tenant: "acme", scopes: [.detokenize])
        XCTAssertEqual(try fixture.post(tokenize, body, tenant: nil, key: reader).status, 400)
        let limited = try fixture.post(tokenize, body, tenant: nil, key: reader)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers["retry-after"], "1")
        // Another tenant's Tenant header, then the missing scope: both 403, each saying why.
        let other = try fixture.post(tokenize, body, tenant: "globex", key: try fixture.makeKey(tenant: "acme", scopes: [.tokenize]))
        XCTAssertEqual(other.status, 403)
        XCTAssertEqual(other.json["message"] as? String, "this API key belongs to another tenant")
        let unscoped = try fixture.post(tokenize, body, key: try fixture.makeKey(tenant: "acme", scopes: [.detokenize]))
        XCTAssertEqual(unscoped.status, 403)
        XCTAssertEqual(unscoped.json["message"] as? String, "this API key lacks the tokenize scope")
        XCTAssertEqual(unscoped.json["request_id"] as? String, "in-process")
    }

    func testTokenizeThenDetokenizeRoundTrip() throws {
        let fixture = try APIFixture(live: false)
        let responder = CapturingResponder(requestID: "round-trip")
        let tokenized = try inProcessRequest(fixture.router, path: tokenize, headers: headers(fixture),
                                             body: fixture.json(["data": ["email": "ann@example.org", "n": 7]]), responder: responder)
        XCTAssertEqual(tokenized.status, 200, tokenized.text)
        XCTAssertEqual(responder.route, tokenize, "the route label the access log shows")
        XCTAssertEqual(tokenized.tokens.count, 2)
        let detokenized = try fixture.detokenize(tokenized.tokens.merging(["junk": "x"]) { a, _ in a })
        XCTAssertEqual(detokenized.status, 200)
        XCTAssertEqual(detokenized.data["email"] as? String, "ann@example.org")
        XCTAssertEqual(detokenized.data["n"] as? Int, 7)
        XCTAssertEqual(detokenized.errors, ["junk": "invalid_token_error"])
    }

    func testARefusalOnARouteNamingAnIdIsOnTheAuditRecordWhenAnswered() throws {
        let fixture = try APIFixture(regions: [.eu], live: false)
        let profile = try fixture.newProfile("refused@example.org")["id"] as! String
        let tokenizer = try fixture.makeKey(tenant: "acme", scopes: [.tokenize])
        let refused = try fixture.send("GET", "/v1/d/pii/profiles/\(profile)", key: tokenizer, extra: ["X-Request-Id": "refused"])
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.json["message"] as? String, "this API key lacks the profiles:read scope")
        // The answer came after the record was durable: it is there at once.
        let records = try fixture.get("/v1/d/pii/audit?count=500").json["records"] as? [[String: Any]] ?? []
        let record = records.first { $0["request_id"] as? String == "refused" }
        XCTAssertEqual(record?["operation"] as? String, "profile.read")
        XCTAssertEqual(record?["outcome"] as? String, "permission denied")
        XCTAssertEqual(record?["records"] as? [String], [], "the id sent is not recorded")
        // A route naming no id refuses without a record.
        XCTAssertEqual(try fixture.send("GET", "/v1/d/pii/profiles", key: tokenizer, extra: ["X-Request-Id": "listing"]).status, 403)
        let after = try fixture.get("/v1/d/pii/audit?count=500").json["records"] as? [[String: Any]] ?? []
        XCTAssertFalse(after.contains { $0["request_id"] as? String == "listing" })
    }

    /// The concurrency rule, seen from outside: with the workers' queue full, every route that reads a store
    /// is 503, while the routes that only hand a write to the writer (tokenize among them) still answer.
    func testStoreReadsGoToTheWorkersAndWritesStayOnTheLoop() throws {
        let fixture = try APIFixture(regions: [.eu], live: false)
        let profile = try fixture.newProfile("placed@example.org")["id"] as! String
        let token = try fixture.tokenize(["a": 1]).tokens["a"]!
        let workers = WorkerPool(name: "test-worker", threads: 1, maxQueued: 1)
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        XCTAssertTrue(workers.submit { release.wait() })
        while !workers.submit({}) { usleep(1_000) }  // the blocker has started; this one fills the queue
        let busy = PIIRoutes.router(vault: fixture.vault, access: fixture.access, logger: fixture.logger, workers: workers)
        let reads: [(String, String, String?)] = [
            ("POST", detokenize, fixture.json(["tokens": ["a": token]])), ("GET", "/v1/d/pii/profiles", nil),
            ("GET", "/v1/d/pii/profiles/\(profile)", nil), ("GET", "/v1/d/pii/profiles/\(profile)/addresses", nil),
            ("GET", "/v1/d/pii/audit", nil),
            ("POST", "/v1/d/pii/profiles", fixture.json(["email": "placed@example.org"])),
        ]
        for (method, path, body) in reads {
            let answer = try warmedRequest(fixture, busy, method, path, body)
            XCTAssertEqual(answer.status, 503, path)
            XCTAssertEqual(answer.json["message"] as? String, "too many requests are waiting; retry later")
            XCTAssertEqual(answer.headers["retry-after"], "1")
        }
        let writes: [(String, String, String?, Int)] = [
            ("POST", tokenize, fixture.json(["data": ["b": 2]]), 200), ("GET", "/openapi.json", nil, 200),
            ("PATCH", "/v1/d/pii/profiles/\(profile)", fixture.json(["last_updated_at": "2020-01-01T00:00:00.000Z"]), 409),
        ]
        for (method, path, body, status) in writes {
            XCTAssertEqual(try warmedRequest(fixture, busy, method, path, body).status, status, path)
        }
        // A busy node is not a sick one: the health check answers from its last outcome, on the loop.
        let health = try inProcessRequest(busy, method: "GET", path: "/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.json["status"] as? String, "ok")
    }

    /// The event loop never waits on the key store: a key missing from the verified-key cache is looked up
    /// on a worker, so `handle` returns while the control database is held by someone else.
    func testAKeyCacheMissIsLookedUpOffTheCallingThread() throws {
        let fixture = try APIFixture(live: false)
        let fresh = try fixture.makeKey(tenant: "acme", scopes: [.tokenize])
        let responder = CapturingResponder()
        var made = HTTPRequest(method: "POST", target: tokenize, headers: HTTPHeaders(
            headers(fixture, key: fresh).map { ($0.key, $0.value) }), body: Array(fixture.json(["data": ["a": 1]]).utf8))
        made.requestID = responder.requestID
        let request = made
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            fixture.control.database.withLock { _ in
                held.signal()
                release.wait()
            }
        }
        held.wait()
        let returned = DispatchSemaphore(value: 0)
        let router = fixture.router
        Thread.detachNewThread {
            router.handle(request, responder: responder)
            returned.signal()
        }
        let handled = returned.wait(timeout: .now() + 2)
        release.signal()
        XCTAssertEqual(handled, .success, "handle waited for the key store")
        XCTAssertEqual(responder.wait()?.status, 200)
    }

    func testUnmatchedPathsAndMethods() throws {
        let fixture = try APIFixture(live: false)
        XCTAssertEqual(try fixture.send("GET", "/v1/d/pii/nothing").status, 404)
        let wrongMethod = try fixture.send("GET", tokenize)
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.headers["allow"], "POST")
        let health = try fixture.send("GET", "/healthz", tenant: nil, key: "")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.json["status"] as? String, "ok")
        XCTAssertNil(health.json["unavailable"], "a healthy answer is what it always was")
    }

    private func headers(_ fixture: APIFixture, key: String? = nil) -> [String: String] {
        ["Tenant": "acme", "Authorization": "Bearer " + (key ?? fixture.secrets["acme"]!), "Content-Type": "application/json"]
    }

    /// A request through `router` right after one through the fixture's own, so the key is in the verified-key
    /// cache (a miss would go to the workers whatever the route).
    private func warmedRequest(_ fixture: APIFixture, _ router: Router, _ method: String, _ path: String,
                               _ body: String?) throws -> TestResponse {
        XCTAssertEqual(try fixture.get("/v1/d/pii/profiles?count=1").status, 200)
        return try inProcessRequest(router, method: method, path: path, headers: headers(fixture), body: body)
    }
}
