import Foundation
import XCTest
@testable import VaultStore

final class ConnectionPoolTests: XCTestCase {
    func testReusesConnectionsAndOpensMoreUnderConcurrency() throws {
        let path = NSTemporaryDirectory() + "pool-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        try Database(path: path).execute("CREATE TABLE t(v); INSERT INTO t VALUES(7)")
        let opened = Counter()
        let pool = ConnectionPool(maxIdle: 4) {
            opened.increment()
            return try Database(path: path, mode: .readOnly)
        }
        for _ in 0..<10 { XCTAssertEqual(try pool.withConnection { try $0.scalarInt("SELECT v FROM t") }, 7) }
        XCTAssertEqual(opened.value, 1)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            _ = try? pool.withConnection { db in usleep(20_000); return try db.scalarInt("SELECT v FROM t") }
        }
        XCTAssertGreaterThan(opened.value, 1)
    }
}
