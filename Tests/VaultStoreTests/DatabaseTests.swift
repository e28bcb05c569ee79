import Foundation
import XCTest
@testable import VaultStore

final class DatabaseTests: XCTestCase {
    var path: String!

    override func setUp() {
        path = NSTemporaryDirectory() + "db-\(UUID().uuidString).sqlite"
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func testOpensDurableWAL() throws {
        let db = try Database(path: path)
        XCTAssertEqual(try db.scalarText("PRAGMA journal_mode"), "wal")
        XCTAssertEqual(try db.scalarInt("PRAGMA synchronous"), 2)  // FULL
        XCTAssertEqual(try db.scalarInt("PRAGMA foreign_keys"), 1)
        XCTAssertEqual(try db.scalarInt("PRAGMA secure_delete"), 1)
    }

    func testTheCacheGrowsOnceToWhatTheOptionsSay() throws {
        var options = Database.Options()
        options.cacheKiB = 1_000
        let fixed = try Database(path: path, options: options)
        try fixed.growCache()
        XCTAssertEqual(try fixed.scalarInt("PRAGMA cache_size"), -1_000)
        options.grownCacheKiB = 5_000
        let growing = try Database(path: path, options: options)
        XCTAssertEqual(try growing.scalarInt("PRAGMA cache_size"), -1_000)
        try growing.growCache()
        XCTAssertEqual(try growing.scalarInt("PRAGMA cache_size"), -5_000)
        try growing.execute("PRAGMA cache_size=-2000")
        try growing.growCache()  // once only: what was set since stays
        XCTAssertEqual(try growing.scalarInt("PRAGMA cache_size"), -2_000)
    }

    func testTransactionCommitsOrRollsBack() throws {
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)")
        try db.inTransaction { try db.withStatement("INSERT INTO t VALUES(?, ?)") { try $0.run([.integer(1), .blob([1, 2])]) } }
        struct Boom: Error {}
        XCTAssertThrowsError(try db.inTransaction {
            try db.withStatement("INSERT INTO t VALUES(?, ?)") { try $0.run([.integer(2), .blob([])]) }
            throw Boom()
        })
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM t"), 1)
        let blob = try db.withStatement("SELECT v FROM t WHERE k = ?") { s in
            try s.bind([.integer(1)])
            return try s.step() ? s.blob(0) : nil
        }
        XCTAssertEqual(blob, [1, 2])
    }

    func testEmptyBlobStaysABlobNotNull() throws {
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t(v BLOB NOT NULL)")
        try db.withStatement("INSERT INTO t VALUES(?)") { try $0.run([.blob([])]) }
        XCTAssertEqual(try db.scalarText("SELECT typeof(v) FROM t"), "blob")
    }

    func testErrorsNeverIncludeBoundValues() throws {
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t(email TEXT PRIMARY KEY)")
        let canary = "canary-\(UUID().uuidString)@example.org"
        try db.withStatement("INSERT INTO t VALUES(?)") { try $0.run([.text(canary)]) }
        XCTAssertThrowsError(try db.withStatement("INSERT INTO t VALUES(?)") { try $0.run([.text(canary)]) }) { error in
            XCTAssertFalse(String(describing: error).contains(canary))
            XCTAssertEqual((error as? DatabaseError)?.primaryCode, 19)  // SQLITE_CONSTRAINT
        }
    }

    func testReadOnlyConnectionRefusesWrites() throws {
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t(v)")
        let reader = try Database(path: path, mode: .readOnly)
        XCTAssertThrowsError(try reader.execute("INSERT INTO t VALUES(1)"))
        XCTAssertEqual(try reader.scalarInt("SELECT count(*) FROM t"), 0)
    }
}
