import Foundation
import HTTPTestSupport
import Locking
import StoreTestSupport
import XCTest
@testable import Vault

/// A primary and a synchronous streaming standby on this machine; the node's connection strings name both
/// (`target_session_attrs=read-write`). The primary is killed under load and the standby promoted: the node
/// serves again without a restart, nothing answered in between is a 500 or a hang, and every token it
/// acknowledged reads back.
final class FailoverTests: XCTestCase {
    func testKillingThePrimaryUnderLoadLosesNoAcknowledgedToken() throws {
        // Its own servers: once per run, in the first pass.
        if TestStores.isPostgreSQL { throw XCTSkip("runs in the first pass") }
        _ = try TestStores.postgres()
        let primary = try TestPostgres()
        let names = try (0..<3).map { _ in try primary.createDatabase() }
        let standby = try TestPostgres(standbyOf: primary)
        defer { try? standby.stop(mode: "immediate") }
        try primary.makeSynchronous()
        func conninfo(_ database: String) -> String {
            "postgresql://vault@127.0.0.1:\(primary.port),127.0.0.1:\(standby.port)/\(database)?target_session_attrs=read-write&connect_timeout=2"
        }
        let engine = try TestStores.postgresEngine([.control: conninfo(names[0]), .region(.eu): conninfo(names[1]),
                                                    .region(.us): conninfo(names[2])])
        let fixture = try APIFixture(engine: engine)
        XCTAssertEqual(try fixture.tokenize(["warm": 1]).status, 200)

        struct Outcome { let at: Date; let status: Int; let tokens: [String: String]; let values: [String: String] }
        let outcomes = Locked<[Outcome]>([])
        let problems = Locked<[String]>([])
        let stop = Locked(false)
        let load = DispatchGroup()
        for worker in 0..<4 {
            load.enter()
            Thread.detachNewThread {
                defer { load.leave() }
                var n = 0
                while !stop.withLock({ $0 }) {
                    n += 1
                    let values = ["a": "w\(worker)-\(n)-a@example.org", "b": "w\(worker)-\(n)-b"]
                    do {
                        let response = try fixture.tokenize(values)
                        outcomes.withLock { $0.append(Outcome(at: Date(), status: response.status, tokens: response.tokens, values: values)) }
                        if response.status == 200, !response.errors.values.allSatisfy({ $0 == "retryable_error" }) {
                            problems.withLock { $0.append("per-key errors \(response.errors)") }
                        }
                        if ![200, 503].contains(response.status) { problems.withLock { $0.append("status \(response.status)") } }
                        if response.status != 200 || !response.errors.isEmpty { usleep(50_000) }
                    } catch {
                        problems.withLock { $0.append("no answer within 10 s: \(error)") }
                    }
                }
            }
        }
        sleep(1)
        try primary.kill9()
        sleep(1)
        try standby.promote()
        let promoted = Date()
        sleep(11)
        stop.withLock { $0 = true }
        load.wait()

        XCTAssertEqual(problems.withLock { $0 }, [], "every answer was 200 (tokens or retryable_error) or 503")
        let all = outcomes.withLock { $0 }
        let firstServed = all.first { $0.at > promoted && $0.status == 200 && $0.tokens.count == 2 }
        let recovered = try XCTUnwrap(firstServed, "no token was served after the promotion").at.timeIntervalSince(promoted)
        XCTAssertLessThan(recovered, 10, "served again \(recovered) s after the promotion, without a restart")
        XCTAssertTrue(all.contains { $0.status != 200 || $0.tokens.count < 2 },
                      "the gap was seen: some requests were refused while no primary was up")

        // Every acknowledged token reads back from the new primary.
        var acknowledged: [String: String] = [:]
        for outcome in all where outcome.status == 200 {
            for (key, token) in outcome.tokens { acknowledged[token] = outcome.values[key] }
        }
        XCTAssertGreaterThan(acknowledged.count, 50)
        var lost = 0
        for batch in Array(acknowledged.keys).chunked(25) {
            let response = try fixture.detokenize(Dictionary(uniqueKeysWithValues: batch.enumerated().map { ("k\($0.offset)", $0.element) }))
            XCTAssertEqual(response.status, 200)
            for (index, token) in batch.enumerated() where response.data["k\(index)"] as? String != acknowledged[token] { lost += 1 }
        }
        XCTAssertEqual(lost, 0, "acknowledged tokens lost in the failover")
        let refused = all.filter { $0.status != 200 || $0.tokens.count < 2 }.count
        print("failover: \(acknowledged.count) tokens acknowledged, \(refused) of \(all.count) requests refused (503 or "
              + "retryable_error) in the gap, served again \(String(format: "%.1f", recovered)) s after the promotion, 0 lost")
        fixture.stop()
    }
}

extension FailoverTests {
    /// PostgreSQL stopped under a running node, then started again: `/healthz` says so, writes answer 503 or
    /// per-key `retryable_error` at once, and the node recovers by itself.
    func testANodeSaysWhenPostgreSQLIsDownAndRecoversByItself() throws {
        if TestStores.isPostgreSQL { throw XCTSkip("runs in the first pass") }
        _ = try TestStores.postgres()
        let server = try TestPostgres()
        defer { try? server.stop(mode: "immediate") }
        let names = try (0..<3).map { _ in try server.createDatabase() }
        let engine = try TestStores.postgresEngine([.control: server.conninfo(names[0]), .region(.eu): server.conninfo(names[1]),
                                                    .region(.us): server.conninfo(names[2])])
        let fixture = try APIFixture(engine: engine)
        defer { fixture.stop() }
        let token = try XCTUnwrap(try fixture.tokenize(["e": "down@example.org"]).tokens["e"])
        XCTAssertEqual(try fixture.get("/healthz").status, 200)

        try server.stop(mode: "immediate")
        let started = Date()
        XCTAssertEqual(try fixture.get("/healthz").status, 503)
        let write = try fixture.tokenize(["e": "while-down@example.org"])
        XCTAssertTrue(write.status == 503 || write.errors == ["e": "retryable_error"], "\(write.status) \(write.text)")
        let read = try fixture.detokenize(["e": token])
        XCTAssertTrue(read.status == 503 || read.errors == ["e": "retryable_error"], "\(read.status) \(read.text)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "refused at once, not after a hang")

        try server.start()
        XCTAssertTrue(try fixture.becomesHealthy(), "the node did not see PostgreSQL back within 10 s")
        XCTAssertEqual(try fixture.tokenize(["e": "after@example.org"]).errors, [:])
        XCTAssertEqual(try fixture.detokenize(["e": token]).data["e"] as? String, "down@example.org")

        // A restart while the node is idle: its writer's and readers' connections died unused; the first
        // requests afterwards find that out before sending anything, and succeed.
        try server.stop(mode: "fast")
        try server.start()
        XCTAssertEqual(try fixture.tokenize(["e": "first-after-restart@example.org"]).errors, [:])
        XCTAssertEqual(try fixture.detokenize(["e": token]).data["e"] as? String, "down@example.org")
    }
}

private extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
