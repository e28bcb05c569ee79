import VaultStore
import XCTest
@testable import Vault
import VaultSQLite

/// The owner types of a region's tables, driven through the protocols the domain calls.
final class SQLiteRegionRowsTests: XCTestCase {
    func testTokensInsertedInOneRequestAreFoundByIdWithTheirTenant() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        // 30 rows: more than one multi-row statement (25 at most) holds.
        let rows = (0..<30).map { n in (id: randomID(), sealed: [UInt8](repeating: UInt8(n), count: 40)) }
        try connection.transaction { try $0.tokens.insert(rows, tenant: acme) }
        let tokens = connection.tables.tokens
        for row in rows {
            let found = try XCTUnwrap(try tokens.find(id: row.id))
            XCTAssertEqual(found.tenant, "acme")
            XCTAssertEqual(found.sealed, row.sealed)
        }
        XCTAssertNil(try tokens.find(id: randomID()))
    }

    func testAnotherTenantsTokenIsFoundAsTheirsAndADuplicateIdFailsTheTransaction() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        let id = randomID()
        try connection.transaction { try $0.tokens.insert([(id, [1, 2, 3])], tenant: globex) }
        XCTAssertEqual(try connection.tables.tokens.find(id: id)?.tenant, "globex", "the domain compares the tenant")
        XCTAssertThrowsError(try connection.transaction { try $0.tokens.insert([(id, [4])], tenant: acme) }) { error in
            // Engine errors reach the domain as StoreError, never as SQLite's own type.
            let storeError = error as? StoreError
            XCTAssertNotNil(storeError, "\(type(of: error))")
            XCTAssertEqual(storeError?.isTransient, false, "a constraint violation is not worth retrying")
            XCTAssertFalse(error is DatabaseError)
        }
        XCTAssertEqual(try connection.tables.tokens.find(id: id)?.sealed, [1, 2, 3], "rolled back, nothing replaced")
    }

    func testADataKeyIsInsertedOnceAndTheFirstWrappedFormStays() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        try connection.transaction { tables in
            try tables.dataKeys.insert(tenant: acme, id: 7, wrapped: [1, 1], createdAt: 10)
            try tables.dataKeys.insert(tenant: acme, id: 7, wrapped: [2, 2], createdAt: 20)
            try tables.dataKeys.insert(tenant: globex, id: 7, wrapped: [3, 3], createdAt: 30)
        }
        let keys = connection.tables.dataKeys
        XCTAssertEqual(try keys.wrapped(tenant: acme, id: 7), [1, 1])
        XCTAssertEqual(try keys.wrapped(tenant: globex, id: 7), [3, 3])
        XCTAssertNil(try keys.wrapped(tenant: acme, id: 8))
    }

    func testAProfileRowRoundTripsAndItsDeletionLeavesATombstone() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        let id = ulid(1)
        let number = try connection.transaction { tables in
            try tables.profiles.insert(id: id, tenant: acme, displayID: "D-1", now: 100, emailIndex: [9, 9], wrappedKey: [5],
                                       sealed: [6, 6])
        }
        let profiles = connection.tables.profiles
        for row in [try profiles.find(id: id), try profiles.find(number: number), try profiles.find(emailIndex: [9, 9], tenant: acme),
                    try profiles.find(displayID: "D-1", tenant: acme)] {
            let row = try XCTUnwrap(row)
            XCTAssertEqual([row.number, row.createdAt, row.updatedAt], [number, 100, 100])
            XCTAssertEqual(row.id, id)
            XCTAssertEqual(row.tenant, "acme")
            XCTAssertEqual(row.displayID, "D-1")
            XCTAssertEqual(row.wrappedKey, [5])
            XCTAssertEqual(row.sealed, [6, 6])
            XCTAssertTrue(row.isLive)
        }
        XCTAssertNil(try profiles.find(emailIndex: [9, 9], tenant: globex))
        XCTAssertNotNil(try profiles.live(id: id, tenant: acme))
        XCTAssertNil(try profiles.live(id: id, tenant: globex))

        try connection.transaction { try $0.profiles.update(number: number, updatedAt: 200, emailIndex: [8], sealed: [7]) }
        let updated = try XCTUnwrap(try profiles.find(number: number))
        XCTAssertEqual(updated.updatedAt, 200)
        XCTAssertEqual(updated.sealed, [7])
        XCTAssertNotNil(try profiles.find(emailIndex: [8], tenant: acme))

        try connection.transaction { try $0.profiles.markDeleted(number: number, at: 300) }
        let tombstone = try XCTUnwrap(try profiles.find(id: id))
        XCTAssertEqual(tombstone.deletedAt, 300)
        XCTAssertNil(tombstone.wrappedKey)
        XCTAssertNil(tombstone.sealed)
        XCTAssertFalse(tombstone.isLive)
        XCTAssertNil(try profiles.find(emailIndex: [8], tenant: acme), "the e-mail index goes with the key")
        XCTAssertEqual(try profiles.countLive(tenant: acme), 0)
    }

    func testProfilesAreListedInTheRequestedOrder() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        let numbers = try connection.transaction { tables in
            try [300, 100, 200].enumerated().map { n, at in
                try tables.profiles.insert(id: ulid(UInt64(n)), tenant: acme, displayID: "D-\(n)", now: Int64(at),
                                           emailIndex: [UInt8(n)], wrappedKey: [1], sealed: [1])
            }
        }
        let createdAt: [Int64: Int64] = [numbers[0]: 300, numbers[1]: 100, numbers[2]: 200]
        func listed(descending: Bool, limit: Int?) throws -> [Int64] {
            var out: [Int64] = []
            try connection.tables.profiles.ordered(tenant: acme, by: .createdAt, descending: descending, limit: limit) { number, sortValue in
                XCTAssertEqual(sortValue, createdAt[number])
                out.append(number)
            }
            return out
        }
        XCTAssertEqual(try listed(descending: true, limit: nil), [numbers[0], numbers[2], numbers[1]])
        XCTAssertEqual(try listed(descending: false, limit: 2), [numbers[1], numbers[2]])
        XCTAssertEqual(try connection.tables.profiles.countLive(tenant: acme), 3)
    }

    func testAddressesOfAProfile() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        let rows = (1...3).map { n in
            AddressRow(id: ulid(UInt64(n)), profile: 1, createdAt: Int64(10 - n), updatedAt: 1, fingerprint: [UInt8(n)], sealed: [0])
        }
        try connection.transaction { tables in for row in rows { try tables.addresses.insert(row) } }
        let addresses = connection.tables.addresses
        XCTAssertEqual(try addresses.count(profile: 1), 3)
        XCTAssertEqual(try addresses.page(profile: 1, offset: 0, count: 2).map(\.id), [rows[2].id, rows[1].id], "oldest first")
        XCTAssertEqual(try addresses.find(fingerprint: [2], profile: 1)?.id, rows[1].id)
        try connection.transaction { try $0.addresses.update(id: rows[0].id, updatedAt: 5, fingerprint: [9], sealed: [9]) }
        XCTAssertEqual(try addresses.find(id: rows[0].id)?.fingerprint, [9])
        try connection.transaction { try $0.addresses.delete(id: rows[0].id) }
        XCTAssertNil(try addresses.find(id: rows[0].id))
        try connection.transaction { try $0.addresses.deleteAll(profile: 1) }
        XCTAssertEqual(try addresses.count(profile: 1), 0)
    }
}
