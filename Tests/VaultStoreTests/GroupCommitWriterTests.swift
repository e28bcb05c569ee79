import Foundation
import XCTest
@testable import VaultStore

final class GroupCommitWriterTests: XCTestCase {
    var path: String!

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "gc-\(UUID().uuidString).sqlite"
        try Database(path: path).execute("CREATE TABLE t(k INTEGER PRIMARY KEY)")
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func testConcurrentSubmissionsShareCommitsAndAllLand() throws {
        let writer = try GroupCommitWriter(database: try Database(path: path), name: "test-writer")
        let count = 2_000
        let group = DispatchGroup()
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: count) { i in
            group.enter()
            writer.submit({ db in
                try db.withStatement("INSERT INTO t(k) VALUES(?)") { try $0.run([.integer(Int64(i))]) }
            }, completion: { result in
                if case .failure = result { failures.increment() }
                group.leave()
            })
        }
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        let stats = writer.statistics
        writer.close()
        XCTAssertEqual(failures.value, 0)
        XCTAssertEqual(stats.jobs, count)
        XCTAssertLessThan(stats.commits, count, "concurrent jobs should have been grouped into fewer commits")
        XCTAssertEqual(try Database(path: path).scalarInt("SELECT count(*) FROM t"), Int64(count))
    }

    func testOneFailingJobDoesNotFailItsGroup() throws {
        let writer = try GroupCommitWriter(database: try Database(path: path), name: "test-writer")
        // Hold the writer busy so the next jobs queue up and run as one group. The gate may run twice
        // (a failed group is retried job by job), so it passes the signal on.
        let gate = DispatchSemaphore(value: 0)
        writer.submit({ _ in gate.wait(); gate.signal() }, completion: { _ in })
        let group = DispatchGroup()
        let outcomes = Outcomes()
        for k in [1, 2, 1, 3] {  // the second 1 violates the primary key
            group.enter()
            writer.submit({ db in
                try db.withStatement("INSERT INTO t(k) VALUES(?)") { try $0.run([.integer(Int64(k))]) }
            }, completion: { result in
                outcomes.append(k, (try? result.get()) != nil)
                group.leave()
            })
        }
        gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        writer.close()
        XCTAssertEqual(outcomes.successes, 3)
        XCTAssertEqual(try Database(path: path).scalarInt("SELECT count(*) FROM t"), 3)
    }

    func testAFullStoreFailsTheWholeGroupWithoutRetryingEachJob() throws {
        let writer = try GroupCommitWriter(database: try Database(path: path), name: "test-writer")
        try writer.perform { db in
            try db.execute("CREATE TABLE b(v BLOB)")
            try db.execute("PRAGMA max_page_count=\(try db.scalarInt("PRAGMA page_count"))")
        }
        // As above: the next jobs queue up behind the gate and run as one group.
        let gate = DispatchSemaphore(value: 0)
        writer.submit({ _ in gate.wait(); gate.signal() }, completion: { _ in })
        let group = DispatchGroup()
        let runs = Counter()
        let codes = Outcomes()
        for k in 0..<4 {
            group.enter()
            writer.submit({ db in
                runs.increment()
                try db.withStatement("INSERT INTO b(v) VALUES(?)") { try $0.run([.blob(Array(repeating: 1, count: 20_000))]) }
            }, completion: { result in
                if case .failure(let error as DatabaseError) = result { codes.append(Int(error.primaryCode), false) }
                group.leave()
            })
        }
        gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        writer.close()
        XCTAssertEqual(codes.keys, [13, 13, 13, 13], "every job fails with SQLITE_FULL")
        XCTAssertEqual(runs.value, 1, "the group stopped at its first job, and no job was retried alone: each would "
                       + "only meet the full store again")
    }

    func testCloseFinishesQueuedWorkAndRefusesMore() throws {
        let writer = try GroupCommitWriter(database: try Database(path: path), name: "test-writer")
        for k in 0..<100 {
            writer.submit({ db in
                try db.withStatement("INSERT INTO t(k) VALUES(?)") { try $0.run([.integer(Int64(k))]) }
            }, completion: { _ in })
        }
        writer.close()
        XCTAssertFalse(writer.submit({ _ in }, completion: { _ in }))
        XCTAssertEqual(try Database(path: path).scalarInt("SELECT count(*) FROM t"), 100)
    }

    func testCheckpointsRunBesideTheWriterAndCloseEmptiesTheWAL() throws {
        let writer = try GroupCommitWriter(database: try Database(path: path), name: "test-writer", checkpointPages: 4)
        let blob = [UInt8](repeating: 7, count: 3_000)
        for k in 0..<400 {
            try writer.perform { db in
                try db.withStatement("INSERT INTO t(k) VALUES(?)") { try $0.run([.integer(Int64(k))]) }
                try db.execute("CREATE TABLE IF NOT EXISTS b(v BLOB)")
                try db.withStatement("INSERT INTO b(v) VALUES(?)") { try $0.run([.blob(blob)]) }
            }
        }
        // The checkpointer copies pages into the database file while the writer runs (no close needed).
        func databaseBytes() -> Int { ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0 }
        let deadline = Date().addingTimeInterval(5)
        while databaseBytes() < 400 * 3_000 && Date() < deadline { usleep(10_000) }
        XCTAssertGreaterThanOrEqual(databaseBytes(), 400 * 3_000)
        writer.close()
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0, 0)
        XCTAssertEqual(try Database(path: path).scalarInt("SELECT count(*) FROM t"), 400)
    }

    func testPerformWaitsForCommit() throws {
        let writer = try GroupCommitWriter(database: try Database(path: path), name: "test-writer")
        try writer.perform { db in try db.execute("INSERT INTO t(k) VALUES(42)") }
        XCTAssertEqual(try Database(path: path, mode: .readOnly).scalarInt("SELECT k FROM t"), 42)
        writer.close()
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [(Int, Bool)] = []
    func append(_ k: Int, _ ok: Bool) { lock.lock(); results.append((k, ok)); lock.unlock() }
    var successes: Int { lock.lock(); defer { lock.unlock() }; return results.filter(\.1).count }
    var keys: [Int] { lock.lock(); defer { lock.unlock() }; return results.map(\.0) }
}
