import Foundation
import XCTest
@testable import VaultStore

/// `Database.backup(to:)` while another connection keeps committing: the copy is one consistent snapshot
/// holding every row committed before the backup began, it finishes (a write between two steps does not send
/// it back to the start), and it stands alone (rollback journal, no WAL needed beside it).
final class DatabaseBackupTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func testACopyUnderConcurrentCommitsHoldsEveryRowCommittedBeforeIt() throws {
        let path = directory + "/live.sqlite"
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB NOT NULL)")
        // Enough pages that the copy takes many steps of 16 pages, and rows keep landing between them.
        try writer.inTransaction {
            for k in 1...4_000 { try writer.withStatement("INSERT INTO t VALUES(?, ?)") { try $0.run([.integer(Int64(k)), .blob(Array(repeating: 7, count: 200))]) } }
        }
        let committed = try writer.scalarInt("SELECT max(k) FROM t")
        let stop = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let writes = WriteCounter()
        Thread.detachNewThread {
            var k = committed
            while stop.wait(timeout: .now()) == .timedOut {
                k += 1
                try? writer.inTransaction { try writer.withStatement("INSERT INTO t VALUES(?, ?)") { try $0.run([.integer(k), .blob([1])]) } }
                writes.increment()
            }
            finished.signal()
        }
        while writes.value < 20 { usleep(1_000) }
        let copy = directory + "/copy.sqlite"
        let source = try Database(path: path, mode: .readOnly)
        try source.backup(to: copy, pagesPerStep: 16)
        let during = writes.value
        stop.signal()
        finished.wait()
        XCTAssertGreaterThan(during, 20, "the writer kept committing while the copy was taken")

        XCTAssertThrowsError(try source.backup(to: copy), "an existing file is never overwritten")
        let restored = try Database(path: copy, mode: .readOnly)
        XCTAssertEqual(try restored.scalarText("PRAGMA journal_mode"), "delete", "the copy needs no WAL beside it")
        XCTAssertEqual(try restored.scalarText("PRAGMA integrity_check"), "ok")
        let rows = try restored.scalarInt("SELECT count(*) FROM t")
        let last = try restored.scalarInt("SELECT max(k) FROM t")
        XCTAssertGreaterThanOrEqual(last, committed + 20, "rows committed before the backup began are in it")
        XCTAssertEqual(rows, last, "one snapshot: no row missing below the newest one copied")
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy + "-wal"))
    }
}

private final class WriteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
