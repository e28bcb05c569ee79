import Foundation
import Synchronization
import XCTest
@testable import VaultStore

/// `GroupCommitWriter.requestErasure()`: a deleted row leaves every file, a reader's snapshot delays the
/// truncation but does not stop it, and a burst of deletions shares truncations.
final class ErasureCheckpointTests: XCTestCase {
    /// What the writer reported, in order.
    private final class Reports: Sendable {
        let all = Mutex<[ErasureCheckpoint]>([])
        func withLock<T>(_ body: ([ErasureCheckpoint]) -> T) -> T { all.withLock { body($0) } }
    }

    var path: String!
    private let reports = Reports()

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "erase-\(UUID().uuidString).sqlite"
        try Database(path: path).execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)")
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private func writer(_ policy: ErasureCheckpoint.Policy = .init()) throws -> GroupCommitWriter {
        let reports = self.reports
        return try GroupCommitWriter(database: try Database(path: path), name: "test-writer", erasure: policy,
                                     onErasure: { report in reports.all.withLock { $0.append(report) } })
    }

    private func insert(_ k: Int, _ value: [UInt8], _ writer: GroupCommitWriter) throws {
        try writer.perform { db in
            try db.withStatement("INSERT INTO t(k, v) VALUES(?, ?)") { try $0.run([.integer(Int64(k)), .blob(value)]) }
        }
    }

    private func delete(_ k: Int, _ writer: GroupCommitWriter) throws {
        try writer.perform { db in try db.withStatement("DELETE FROM t WHERE k = ?") { try $0.run([.integer(Int64(k))]) } }
    }

    private func fileBytes() -> Data {
        ["", "-wal", "-shm"].reduce(into: Data()) { $0 += FileManager.default.contents(atPath: path + $1) ?? Data() }
    }

    private var walBytes: Int { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size]) as? Int) ?? 0 }

    /// Polls `condition` for up to 5 s (the README's promise).
    private func within5Seconds(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while !condition() {
            guard Date() < deadline else { return false }
            usleep(20_000)
        }
        return true
    }

    func testADeletedRowLeavesTheDatabaseAndTheWAL() throws {
        let writer = try writer()
        defer { writer.close() }
        let secret = (0..<600).map { _ in UInt8.random(in: 0...255) }
        try insert(1, secret, writer)
        try insert(2, [1, 2, 3], writer)
        XCTAssertNotNil(fileBytes().range(of: Data(secret)), "the scan sees the row while it is stored")
        try delete(1, writer)
        XCTAssertNotNil(fileBytes().range(of: Data(secret)), "a deletion alone leaves the row's old page in the WAL")
        writer.requestErasure()
        XCTAssertTrue(within5Seconds { fileBytes().range(of: Data(secret)) == nil })
        XCTAssertTrue(within5Seconds { !reports.withLock { $0.isEmpty } })
        XCTAssertEqual(reports.withLock { $0 }.map(\.outcome), [.truncated])
        XCTAssertEqual(walBytes, 0)
        XCTAssertEqual(try Database(path: path, mode: .readOnly).scalarInt("SELECT count(*) FROM t"), 1)
    }

    func testAReaderSnapshotDelaysTheTruncationWhichFollowsOnceItEnds() throws {
        var policy = ErasureCheckpoint.Policy()
        policy.overdueMilliseconds = 300
        policy.intervalMilliseconds = 100
        let writer = try writer(policy)
        defer { writer.close() }
        let secret = (0..<600).map { _ in UInt8.random(in: 0...255) }
        try insert(1, secret, writer)
        // A reader mid-transaction holds a snapshot that needs the WAL's frames.
        let reader = try Database(path: path, mode: .readOnly)
        try reader.execute("BEGIN")
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM t"), 1)
        try delete(1, writer)
        writer.requestErasure()
        XCTAssertTrue(within5Seconds { reports.withLock { $0.contains { $0.outcome == .overdue } } })
        XCTAssertGreaterThan(walBytes, 0, "the WAL cannot be truncated under the reader")
        // Writers are not starved meanwhile: each attempt holds the write lock for 50 ms at most.
        for k in 10..<20 { try insert(k, [UInt8(k)], writer) }
        try reader.execute("COMMIT")
        XCTAssertTrue(within5Seconds { reports.withLock { $0.contains { $0.outcome == .truncated } } })
        let done = try XCTUnwrap(reports.withLock { $0 }.last)
        XCTAssertEqual(done.outcome, .truncated)
        XCTAssertGreaterThan(done.attempts, 1)
        XCTAssertEqual(reports.withLock { $0 }.filter { $0.outcome == .overdue }.count, 1, "overdue is reported once")
        XCTAssertNil(fileBytes().range(of: Data(secret)))
    }

    func testABurstOfDeletionsSharesTruncations() throws {
        var policy = ErasureCheckpoint.Policy()
        policy.gatherMilliseconds = 500
        let writer = try writer(policy)
        defer { writer.close() }
        for k in 0..<50 { try insert(k, [UInt8(k)], writer) }
        for k in 0..<50 {
            writer.submit({ db in try db.withStatement("DELETE FROM t WHERE k = ?") { try $0.run([.integer(Int64(k))]) } },
                          completion: { _ in writer.requestErasure() })
        }
        XCTAssertTrue(within5Seconds { reports.withLock { $0.map(\.requests).reduce(0, +) } == 50 })
        let truncations = reports.withLock { $0 }
        XCTAssertTrue(truncations.allSatisfy { $0.outcome == .truncated })
        XCTAssertLessThanOrEqual(truncations.count, 2, "\(truncations.map(\.requests))")
    }
}
