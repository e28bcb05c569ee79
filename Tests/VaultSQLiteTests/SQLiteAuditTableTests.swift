import VaultCrypto
import VaultStore
import XCTest
@testable import Vault
import VaultSQLite

/// The audit chain's rows in SQLite, with the chain's rules (`AuditChain`) on top: appends link, the head is
/// keyed, and any edit, removal or cut tail is found.
final class SQLiteAuditTableTests: XCTestCase {
    private func record(_ n: Int, tenant: String = "acme", records: [String] = []) -> AuditRecord {
        AuditRecord(at: Int64(1_000 + n), requestID: "r\(n)", tenant: tenant, keyID: "k", operation: "tokenize", records: records,
                    outcome: "ok \(n)")
    }

    /// A region store of `store` with `count` records appended, one transaction each.
    private func chain(_ count: Int, in store: StoreDirectory) throws -> any RegionConnection {
        let connection = try store.region()
        for n in 1...count {
            try connection.transaction { try $0.audit.append(record(n, tenant: n.isMultiple(of: 2) ? "globex" : "acme"), key: chainKey) }
        }
        return connection
    }

    func testAppendedRecordsVerifyAndReadBackNewestFirst() throws {
        let store = try StoreDirectory(for: self)
        let connection = try chain(5, in: store)
        XCTAssertEqual(try connection.snapshot { try $0.audit.verify(key: chainKey) }, .intact(records: 5))
        let audit = connection.tables.audit
        XCTAssertEqual(try audit.lastSeq(), 5)
        XCTAssertEqual(try audit.link().seq, 5)
        XCTAssertEqual(try audit.headIsKeyed(by: chainKey), true)
        let page = try audit.page(chain: "EU", tenant: "acme", offset: 0, count: 2)
        XCTAssertEqual(page.total, 3)
        XCTAssertEqual(page.records.map(\.seq), [5, 3])
        XCTAssertEqual(page.records.map(\.chain), ["EU", "EU"])
        XCTAssertEqual(page.records.first?.outcome, "ok 5")
        XCTAssertEqual(try audit.page(chain: "EU", tenant: nil, offset: 1, count: 10).records.map(\.seq), [4, 3, 2, 1])
        let mac = try XCTUnwrap(try audit.mac(of: 3))
        XCTAssertTrue(try audit.holds(seq: 3, mac: mac))
        XCTAssertFalse(try audit.holds(seq: 4, mac: mac))
        XCTAssertFalse(try audit.holds(seq: 9, mac: mac))
    }

    func testRecordIdsRoundTripWhetherStoredAsBytesOrText() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        let ids = [ulid(1).string, ulid(2).string]
        try connection.transaction { tables in
            try tables.audit.append(record(1, records: ids), key: chainKey)
            try tables.audit.append(record(2, records: ["data-0123abcd", "acme"]), key: chainKey)
        }
        let records = try connection.tables.audit.page(chain: "EU", tenant: nil, offset: 0, count: 10).records
        XCTAssertEqual(records.map(\.records), [["data-0123abcd", "acme"], ids])
        XCTAssertEqual(try connection.snapshot { try $0.audit.verify(key: chainKey) }, .intact(records: 2))
        // ULIDs are kept as 16 bytes each, other names as text.
        let database = try Database(path: connection.location, mode: .readOnly)
        XCTAssertEqual(try database.scalarInt("SELECT length(records) FROM audit WHERE seq = 1"), 32)
        XCTAssertEqual(try database.scalarText("SELECT records FROM audit WHERE seq = 2"), "data-0123abcd,acme")
    }

    func testAnEditedRemovedOrCutRecordIsFound() throws {
        let store = try StoreDirectory(for: self)
        let connection = try chain(5, in: store)
        let database = try Database(path: connection.location)
        func verdict() throws -> AuditChain.Verdict { try connection.snapshot { try $0.audit.verify(key: chainKey) } }

        try database.execute("UPDATE audit SET outcome = 'ok 0' WHERE seq = 3")
        XCTAssertEqual(try verdict(), .broken(seq: 3, reason: "record 3 was altered"))
        try database.execute("UPDATE audit SET outcome = 'ok 3' WHERE seq = 3")
        XCTAssertEqual(try verdict(), .intact(records: 5))

        try database.execute("DELETE FROM audit WHERE seq = 5")
        guard case .broken(5, let reason) = try verdict() else { return XCTFail("cut tail not found") }
        XCTAssertTrue(reason.contains("tail truncated"), reason)

        try database.execute("DELETE FROM audit WHERE seq = 2")
        XCTAssertEqual(try verdict(), .broken(seq: 2, reason: "record 2 is missing (removed)"))
    }

    func testAHeadWrittenWithAnotherKeyIsNotTheChainsOwn() throws {
        let store = try StoreDirectory(for: self)
        let connection = try chain(2, in: store)
        let other = try HMACKey(SymmetricKey(copying: [UInt8](repeating: 8, count: 32)))
        XCTAssertEqual(try connection.tables.audit.headIsKeyed(by: other), false)
        guard case .broken = try connection.snapshot({ try $0.audit.verify(key: other) }) else { return XCTFail("verified") }
    }

    func testAnEmptyChainIsIntactAndHasNoHead() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        XCTAssertNil(try connection.tables.audit.lastLink())
        XCTAssertNil(try connection.tables.audit.headIsKeyed(by: chainKey))
        XCTAssertEqual(try connection.snapshot { try $0.audit.verify(key: chainKey) }, .intact(records: 0))
    }

    /// A group commit's transaction links all its records and moves the head once, before COMMIT: the head
    /// names the last record, its anchor is keyed, and no record's row was ever the head.
    func testAppendsInOneTransactionMoveTheHeadOnceToTheLast() throws {
        let store = try StoreDirectory(for: self)
        let connection = try chain(2, in: store)
        try connection.transaction { tables in
            for n in 3...7 { try tables.audit.append(record(n), key: chainKey) }
            // Inside the transaction the head still names the last committed record.
            XCTAssertEqual(try tables.audit.link().seq, 2)
        }
        let audit = connection.tables.audit
        XCTAssertEqual(try audit.link().seq, 7)
        XCTAssertEqual(try audit.headIsKeyed(by: chainKey), true)
        XCTAssertEqual(try connection.snapshot { try $0.audit.verify(key: chainKey) }, .intact(records: 7))
        XCTAssertEqual(try connection.tables.audit.page(chain: "EU", tenant: nil, offset: 0, count: 10).records.map(\.seq),
                       [7, 6, 5, 4, 3, 2, 1])
    }

    /// A transaction that fails leaves no head behind it, and the next one links from the committed head.
    func testARolledBackTransactionLeavesTheHeadWhereItWas() throws {
        let store = try StoreDirectory(for: self)
        let connection = try chain(3, in: store)
        struct Refused: Error {}
        XCTAssertThrowsError(try connection.transaction { tables in
            try tables.audit.append(record(4), key: chainKey)
            try tables.audit.append(record(5), key: chainKey)
            throw Refused()
        })
        XCTAssertEqual(try connection.tables.audit.link().seq, 3)
        try connection.transaction { try $0.audit.append(record(4), key: chainKey) }
        XCTAssertEqual(try connection.tables.audit.link().seq, 4)
        XCTAssertEqual(try connection.snapshot { try $0.audit.verify(key: chainKey) }, .intact(records: 4))
    }

    /// A tail cut off behind the vault's back is not papered over by the next group: its first append
    /// follows the head, not the last record left, so the gap shows.
    func testAGroupAfterACutTailStillShowsTheCut() throws {
        let store = try StoreDirectory(for: self)
        let connection = try chain(5, in: store)
        let database = try Database(path: connection.location)
        try database.execute("DELETE FROM audit WHERE seq IN (4, 5)")
        try connection.transaction { tables in
            try tables.audit.append(record(6), key: chainKey)
            try tables.audit.append(record(7), key: chainKey)
        }
        guard case .broken(let seq, _) = try connection.snapshot({ try $0.audit.verify(key: chainKey) }) else {
            return XCTFail("a cut tail went unnoticed")
        }
        XCTAssertEqual(seq, 4)
    }
}
