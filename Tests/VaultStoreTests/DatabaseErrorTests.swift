import Foundation
import XCTest
@testable import VaultStore

/// Each SQLite result code's classification: what may be retried at once, what only later, what never.
final class DatabaseErrorTests: XCTestCase {
    /// Every primary result code (sqlite3.h), by name.
    private let table: [(name: String, code: Int32, recovery: DatabaseError.Recovery)] = [
        ("ERROR", 1, .none), ("INTERNAL", 2, .none), ("PERM", 3, .none), ("ABORT", 4, .none),
        ("BUSY", 5, .retryStatement), ("LOCKED", 6, .retryStatement), ("NOMEM", 7, .none), ("READONLY", 8, .none),
        ("INTERRUPT", 9, .none), ("IOERR", 10, .retryLater), ("CORRUPT", 11, .none), ("NOTFOUND", 12, .none),
        ("FULL", 13, .retryLater), ("CANTOPEN", 14, .retryLater), ("PROTOCOL", 15, .retryStatement),
        ("EMPTY", 16, .none), ("SCHEMA", 17, .none), ("TOOBIG", 18, .none), ("CONSTRAINT", 19, .none),
        ("MISMATCH", 20, .none), ("MISUSE", 21, .none), ("NOLFS", 22, .none), ("AUTH", 23, .none),
        ("FORMAT", 24, .none), ("RANGE", 25, .none), ("NOTADB", 26, .none), ("NOTICE", 27, .none),
        ("WARNING", 28, .none),
    ]

    func testEachPrimaryCodeIsClassified() {
        for row in table {
            let error = DatabaseError(code: row.code, message: "test")
            XCTAssertEqual(error.recovery, row.recovery, row.name)
            XCTAssertEqual(error.isBusy, row.recovery == .retryStatement, row.name)
            XCTAssertEqual(error.isTransient, row.recovery != .none, row.name)
        }
    }

    /// The client-facing set is what it always was: the answers (503, `retryable_error`) stay the same.
    func testTransientCodesAreBusyLockedFullIOErrCantOpenAndProtocol() {
        let transient = table.filter { DatabaseError(code: $0.code, message: "").isTransient }.map(\.name)
        XCTAssertEqual(transient, ["BUSY", "LOCKED", "IOERR", "FULL", "CANTOPEN", "PROTOCOL"])
        XCTAssertEqual(table.filter { DatabaseError(code: $0.code, message: "").isBusy }.map(\.name),
                       ["BUSY", "LOCKED", "PROTOCOL"], "a full or failing disk is never worth retrying at once")
    }

    func testExtendedCodesFollowTheirPrimaryCode() {
        let extended: [(name: String, code: Int32, recovery: DatabaseError.Recovery)] = [
            ("BUSY_RECOVERY", 5 | 1 << 8, .retryStatement), ("BUSY_SNAPSHOT", 5 | 2 << 8, .retryStatement),
            ("LOCKED_SHAREDCACHE", 6 | 1 << 8, .retryStatement), ("IOERR_WRITE", 10 | 3 << 8, .retryLater),
            ("IOERR_FSYNC", 10 | 4 << 8, .retryLater), ("CANTOPEN_NOTEMPDIR", 14 | 1 << 8, .retryLater),
            ("CONSTRAINT_PRIMARYKEY", 19 | 6 << 8, .none), ("CORRUPT_INDEX", 11 | 3 << 8, .none),
        ]
        for row in extended {
            XCTAssertEqual(DatabaseError(code: row.code, message: "").recovery, row.recovery, row.name)
        }
    }

    func testAFullDatabaseIsRetryLater() throws {
        let path = NSTemporaryDirectory() + "full-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t(v BLOB)")
        try db.execute("PRAGMA max_page_count=\(try db.scalarInt("PRAGMA page_count"))")
        XCTAssertThrowsError(try db.withStatement("INSERT INTO t VALUES(?)") { try $0.run([.blob(Array(repeating: 1, count: 20_000))]) }) { error in
            let error = error as? DatabaseError
            XCTAssertEqual(error?.primaryCode, 13)  // SQLITE_FULL
            XCTAssertEqual(error?.recovery, .retryLater)
            XCTAssertEqual(error?.isBusy, false)
            XCTAssertEqual(error?.isTransient, true)
        }
    }
}
