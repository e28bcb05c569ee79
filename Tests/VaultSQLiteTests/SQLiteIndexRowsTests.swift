import XCTest
@testable import Vault
import VaultSQLite

/// The gram index's two tiers, data entries, and what a sweep removes.
final class SQLiteIndexRowsTests: XCTestCase {
    func testGramsMoveFromTheRecentTierToTheMainOne() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        try connection.transaction { tables in
            try GramIndex.add([1, 2, 3], profile: 1, tenant: acme, version: 10, in: tables.grams)
            try GramIndex.add([2, 3], profile: 2, tenant: acme, version: 10, in: tables.grams)
            try GramIndex.add([2], profile: 3, tenant: globex, version: 10, in: tables.grams)
        }
        let grams = connection.tables.grams
        XCTAssertEqual(try grams.recentCount(), 3)
        XCTAssertEqual(try GramIndex.candidates([[2, 3]], tenant: acme, in: grams), [1, 2])
        var all: [GramPosting] = []
        try grams.allRecent { profile, tenant, _, encoded in
            for gram in GramIndex.decode(encoded) { all.append((tenant, gram, profile)) }
        }
        XCTAssertEqual(all.count, 6)
        try connection.transaction { tables in
            try tables.grams.insertMain(all[...])
            try tables.grams.insertMain(all[...])  // again: already there, skipped
            XCTAssertTrue(try tables.grams.deleteRecent(profile: 1, version: 10))
            XCTAssertFalse(try tables.grams.deleteRecent(profile: 2, version: 11), "changed since: kept")
        }
        XCTAssertEqual(try grams.mainHolders(of: [2, 3], tenant: acme), [1, 2])
        XCTAssertEqual(try grams.mainHolders(of: [1, 2], tenant: acme), [1])
        XCTAssertEqual(try grams.mainHolders(of: [2], tenant: globex), [3])
        XCTAssertEqual(try grams.recentGrams(profile: 2).map(GramIndex.decode), [2, 3])
        try connection.transaction { tables in
            try GramIndex.remove([1], profile: 1, tenant: acme, in: tables.grams)
            try GramIndex.remove(nil, profile: 2, tenant: acme, in: tables.grams)
        }
        XCTAssertEqual(try GramIndex.candidates([[2]], tenant: acme, in: grams), [1])
        XCTAssertNil(try grams.recentGrams(profile: 2))
    }

    func testDataEntriesAndTheirExpiry() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        try connection.transaction { tables in
            try tables.data.insert(lookup: [1], tenant: acme, createdAt: 100, expiresAt: 200, sealed: [9, 9])
            try tables.data.insert(lookup: [2], tenant: acme, createdAt: 100, expiresAt: nil, sealed: [8])
        }
        let data = connection.tables.data
        let header = try XCTUnwrap(try data.header(lookup: [1]))
        XCTAssertEqual([header.createdAt, header.expiresAt], [100, 200])
        XCTAssertEqual(try data.find(lookup: [1])?.sealed, [9, 9])
        XCTAssertNil(try data.find(lookup: [2])?.header.expiresAt)
        XCTAssertTrue(try DataBlobs.isLive(data, lookup: [1], tenant: acme, now: 150))
        XCTAssertFalse(try DataBlobs.isLive(data, lookup: [1], tenant: acme, now: 200))
        XCTAssertFalse(try DataBlobs.isLive(data, lookup: [1], tenant: globex, now: 150))
        XCTAssertTrue(try DataBlobs.isLive(data, lookup: [2], tenant: acme, now: .max))

        let expired = connection.tables.expired
        XCTAssertEqual(try expired.count(.dataEntries(now: 200)), 1)
        XCTAssertEqual(try connection.transaction { try $0.expired.delete(.dataEntries(now: 200), limit: 10) }, 1)
        XCTAssertNil(try data.header(lookup: [1]))
        try connection.transaction { try $0.data.delete(lookup: [2]) }
        XCTAssertNil(try data.header(lookup: [2]))
    }

    func testASweepRemovesOldTokensAndProfileTombstonesInBatches() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.region()
        let old = (0..<5).map { ULID(high: UInt64(1_000 + $0) << 16, low: 0).bytes }
        let new = ULID(high: UInt64(5_000) << 16, low: 0).bytes
        try connection.transaction { tables in
            try tables.tokens.insert((old + [new]).map { ($0, [0]) }, tenant: acme)
            let number = try tables.profiles.insert(id: ulid(1), tenant: acme, displayID: "D", now: 1, emailIndex: [1],
                                                    wrappedKey: [1], sealed: [1])
            try tables.profiles.markDeleted(number: number, at: 50)
        }
        let cutoff = Expired.tokens(issuedBefore: ULID(high: UInt64(2_000) << 16, low: 0))
        XCTAssertEqual(try connection.tables.expired.count(cutoff), 5)
        XCTAssertEqual(try connection.transaction { try $0.expired.delete(cutoff, limit: 3) }, 3)
        XCTAssertEqual(try connection.transaction { try $0.expired.delete(cutoff, limit: 3) }, 2)
        XCTAssertNotNil(try connection.tables.tokens.find(id: new))
        XCTAssertEqual(try connection.tables.expired.count(.deletedProfiles(now: 49)), 0)
        XCTAssertEqual(try connection.transaction { try $0.expired.delete(.deletedProfiles(now: 50), limit: 10) }, 1)
        XCTAssertTrue(connection.truncateLog())
    }
}
