import XCTest
@testable import Vault
@testable import VaultSQLite
import VaultStore

/// The control store's tenants and API keys.
final class SQLiteControlRowsTests: XCTestCase {
    func testTenantsRoundTripOldestFirst() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.control()
        let records = [ControlStore.TenantRecord(tenant: globex, defaultRegion: nil, createdAt: 1),
                       ControlStore.TenantRecord(tenant: acme, defaultRegion: .us, createdAt: 2, crossRegionReads: false)]
        try connection.transaction { tables in for record in records { try tables.tenants.insert(record) } }
        XCTAssertEqual(try connection.tables.tenants.all(), records)
        XCTAssertEqual(try connection.tables.tenants.find(acme), records[1])
        XCTAssertNil(try connection.tables.tenants.find(Tenant("initech")!))
        XCTAssertEqual(try connection.tables.tenants.all().map(\.crossRegionReads), [true, false])
    }

    /// A control store made before `cross_region_reads` (schema version 2) upgrades in place when opened:
    /// its tenants and their keys keep allowing such reads, as they did, and new tenants may forbid them.
    func testAControlStoreFromBeforeTheCrossRegionFlagUpgradesWithReadsAllowed() throws {
        let store = try StoreDirectory(for: self)
        do {
            let old = try Database(path: store.location(.control))
            try old.inTransaction { try old.migrate(Array(ControlSchema.migrations.prefix(2))) }
            try old.execute("INSERT INTO tenants(name, default_region, created_at) VALUES('acme', 'US', 1)")
            try old.execute("""
                INSERT INTO api_keys(id, tenant, name, scopes, secret_hash, created_at)
                VALUES('0123456789abcdef', 'acme', 'ci', 'tokenize', x'07', 5)
                """)
        }

        let connection = try store.control()
        XCTAssertEqual(try connection.tables.tenants.find(acme),
                       ControlStore.TenantRecord(tenant: acme, defaultRegion: .us, createdAt: 1, crossRegionReads: true))
        let key = try XCTUnwrap(try connection.tables.apiKeys.find(id: "0123456789abcdef")).key
        XCTAssertEqual(key.defaultRegion, .us)
        XCTAssertTrue(key.crossRegionReads)
        try connection.transaction { tables in
            try tables.tenants.insert(ControlStore.TenantRecord(tenant: globex, defaultRegion: nil, createdAt: 2, crossRegionReads: false))
        }
        XCTAssertEqual(try connection.tables.tenants.all().map(\.crossRegionReads), [true, false])
        XCTAssertEqual(try Database(path: store.location(.control)).scalarInt("PRAGMA user_version"), Int64(ControlSchema.migrations.count))
    }

    func testKeysRoundTripWithTheirTenantsRegionAndAreRevoked() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.control()
        let key = APIKey(id: "0123456789abcdef", tenant: acme, name: "ci", scopes: [.tokenize, .detokenize], createdAt: 5,
                         expiresAt: 50, revokedAt: nil, lastUsedAt: nil, defaultRegion: .us, crossRegionReads: false)
        try connection.transaction { tables in
            try tables.tenants.insert(ControlStore.TenantRecord(tenant: acme, defaultRegion: .us, createdAt: 1, crossRegionReads: false))
            try tables.apiKeys.insert(key, secretHash: [7, 7])
        }
        let keys = connection.tables.apiKeys
        let found = try XCTUnwrap(try keys.find(id: key.id))
        XCTAssertEqual(found.key, key)
        XCTAssertEqual(found.secretHash, [7, 7])
        XCTAssertEqual(try keys.all(), [key])
        XCTAssertEqual(try keys.activeTenant(id: key.id), acme)
        try connection.transaction { tables in
            try tables.apiKeys.noteUse(id: key.id, at: 20)
            try tables.apiKeys.revoke(id: key.id, at: 30)
        }
        XCTAssertNil(try keys.activeTenant(id: key.id))
        let revoked = try XCTUnwrap(try keys.find(id: key.id)).key
        XCTAssertEqual(revoked.revokedAt, 30)
        XCTAssertEqual(revoked.lastUsedAt, 20)
        XCTAssertNil(try keys.find(id: "fedcba9876543210"))
    }
}
