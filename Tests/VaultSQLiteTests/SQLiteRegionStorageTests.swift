import Logging
import Synchronization
import VaultStore
import XCTest
@testable import Vault
@testable import VaultSQLite

/// The served region's group commit through the engine's owner types, whose statements hand the domain
/// `StoreError`s: the writer must still see SQLite's error inside them.
final class SQLiteRegionStorageTests: XCTestCase {
    func testAFullStoreFailsTheWholeGroupOnceAndEachJobHearsAStoreError() throws {
        let store = try StoreDirectory(for: self)
        _ = try store.region()
        let storage = try SQLiteRegionStorage(database: try Database(path: store.location(.region(.eu))), region: .eu,
                                              name: "test-writer", logger: Logger(minimum: .error, fileDescriptor: -1))
        defer { storage.close() }
        try storage.writer.perform { database in
            try database.execute("PRAGMA max_page_count=\(try database.scalarInt("PRAGMA page_count"))")
        }
        // The jobs queue up behind the gate, so the writer takes them as one group.
        let gate = DispatchSemaphore(value: 0)
        XCTAssertTrue(storage.write({ _ in gate.wait() }, completion: { _ in }))
        let runs = Atomic<Int>(0)
        let failures = Mutex<[StoreError]>([])
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            XCTAssertTrue(storage.write({ tables in
                runs.add(1, ordering: .relaxed)
                try tables.tokens.insert([(randomID(), [UInt8](repeating: 1, count: 20_000))], tenant: acme)
            }, completion: { result in
                if case .failure(let error as StoreError) = result { failures.withLock { $0.append(error) } }
                group.leave()
            }))
        }
        gate.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 10), .success)
        let errors = failures.withLock { $0 }
        XCTAssertEqual(errors.count, 4, "every job fails, as a StoreError")
        XCTAssertTrue(errors.allSatisfy { $0.isTransient && StoreError.databaseError(in: $0)?.recovery == .retryLater })
        XCTAssertEqual(runs.load(ordering: .relaxed), 1, "the group stopped at its first job and no job was retried "
                       + "alone: each would only meet the full store again")
    }
}
