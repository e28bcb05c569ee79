import Logging
import Synchronization
import XCTest
@testable import Vault
@testable import VaultSQLite

/// The engine's primitives: where stores live, what opening checks, group commit and readers.
final class SQLiteEngineTests: XCTestCase {
    func testStoresLiveInTheDataDirectoryUnderTheirFileNames() throws {
        let store = try StoreDirectory(for: self)
        XCTAssertEqual(store.location(.control), store.path + "/control.sqlite")
        XCTAssertEqual(store.location(.region(.eu)), store.path + "/vault-eu.sqlite")
        XCTAssertEqual(store.location(.setup), store.path + "/clienteling.sqlite")
        XCTAssertFalse(store.engine.exists(store.location(.region(.eu))))
        _ = try store.region()
        XCTAssertTrue(store.engine.exists(store.location(.region(.eu))))
    }

    /// A serving writer starts with a small page cache (tokens and audit records touch the right edge of
    /// their B-trees only) and grows it to 64 MiB when the region holds profiles: on opening one that does,
    /// or on the first profile written.
    func testTheServingWritersCacheGrowsWithProfiles() throws {
        let store = try StoreDirectory(for: self)
        func cacheKiB(_ connection: any RegionConnection) throws -> Int64 {
            -(try (connection as! SQLiteRegionConnection).database.scalarInt("PRAGMA cache_size"))
        }
        let writer = try store.engine.openRegion(.eu, at: store.location(.region(.eu)), serving: true)
        XCTAssertEqual(try cacheKiB(writer), 8 * 1024)
        XCTAssertEqual(try cacheKiB(try store.region()), 2_000)
        try writer.transaction { try GramIndex.add([1, 2], profile: 1, tenant: acme, version: 1, in: $0.grams) }
        XCTAssertEqual(try cacheKiB(writer), 64 * 1024)
        // The sweeper's connection writes grams too, and keeps SQLite's default.
        let sweeper = try store.region()
        try sweeper.transaction { try GramIndex.add([3], profile: 2, tenant: acme, version: 1, in: $0.grams) }
        XCTAssertEqual(try cacheKiB(sweeper), 2_000)
        try writer.transaction { tables in
            _ = try tables.profiles.insert(id: ulid(1), tenant: acme, displayID: "p1", now: 1, emailIndex: [1],
                                           wrappedKey: [2], sealed: [3])
        }
        let reopened = try store.engine.openRegion(.eu, at: store.location(.region(.eu)), serving: true)
        XCTAssertEqual(try cacheKiB(reopened), 64 * 1024)
    }

    func testAFileOfAnotherRegionIsRefused() throws {
        let store = try StoreDirectory(for: self)
        _ = try store.region(.eu)
        XCTAssertThrowsError(try store.engine.openRegion(.us, at: store.location(.region(.eu)), serving: false)) { error in
            XCTAssertEqual(String(describing: error), "\(store.location(.region(.eu))) holds region EU, not US")
        }
    }

    func testAnUnopenableStoreIsAStoreError() throws {
        let store = try StoreDirectory(for: self)
        XCTAssertThrowsError(try store.engine.openChain(at: store.path + "/absent/control.sqlite")) { error in
            XCTAssertTrue(error is StoreError, "\(type(of: error))")
        }
    }

    func testWritesAnswerAfterTheirCommitAndReadersSeeThem() throws {
        let store = try StoreDirectory(for: self)
        let storage = try store.region().serve(name: "test-writer", logger: Logger(minimum: .error, fileDescriptor: -1))
        XCTAssertTrue(storage.isHealthy())
        let id = randomID()
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        XCTAssertTrue(storage.write({ try $0.tokens.insert([(id, [1])], tenant: acme) }, completion: { result in
            outcome.withLock { $0 = result }
            done.signal()
        }))
        done.wait()
        XCTAssertNoThrow(try outcome.withLock { $0 }?.get())
        XCTAssertEqual(try storage.read { try $0.tokens.find(id: id)?.sealed }, [1])
        XCTAssertEqual(try storage.snapshot { try $0.tokens.find(id: id)?.tenant }, "acme")

        // A job that fails alone gets the engine's error as a StoreError; its neighbours are unaffected.
        XCTAssertTrue(storage.write({ try $0.tokens.insert([(id, [2])], tenant: acme) }, completion: { result in
            outcome.withLock { $0 = result }
            done.signal()
        }))
        done.wait()
        guard case .failure(let error) = try XCTUnwrap(outcome.withLock { $0 }) else { return XCTFail("duplicate stored") }
        XCTAssertTrue(error is StoreError, "\(type(of: error))")

        storage.requestErasure()
        storage.close()
        XCTAssertFalse(storage.write({ _ in }, completion: { _ in XCTFail("ran after close") }))
    }

    func testAKeyringBindingIsRecordedInTheWritersTransactionAndReadBackReadOnly() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        XCTAssertNil(try connection.tables.bindings.checkValue(for: "EU"), "no table yet")
        XCTAssertThrowsError(try connection.transaction { tables in
            try tables.bindings.prepare()
            try tables.bindings.record([1, 2], for: "EU")
            throw CancellationError()
        })
        XCTAssertNil(try connection.tables.bindings.checkValue(for: "EU"), "rolled back, table and all")
        try connection.transaction { tables in
            try tables.bindings.prepare()
            try tables.bindings.record([1, 2], for: "EU")
        }
        let reader = try store.engine.openChain(at: store.location(.region(.eu)))
        XCTAssertEqual(try reader.tables.bindings.checkValue(for: "EU"), [1, 2])
        XCTAssertNil(try reader.tables.bindings.checkValue(for: "US"))
    }
}
