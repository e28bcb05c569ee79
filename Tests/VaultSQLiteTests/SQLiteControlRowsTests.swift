import XCTest
@testable import Vault
import VaultSQLite

/// The control store's tenants and API keys.
final class SQLiteControlRowsTests: XCTestCase {
    func testTenantsRoundTripOldestFirst() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.control()
        let records = [ControlStore.TenantRecord(tenant: globex, defaultRegion: nil, createdAt: 1),
                       ControlStore.TenantRecord(tenant: acme, defaultRegion: .us, createdAt: 2)]
        try connection.transaction { tables in for record in records { try tables.tenants.insert(record) } }
        XCTAssertEqual(try connection.tables.tenants.all(), records)
        XCTAssertEqual(try connection.tables.tenants.find(acme), records[1])
        XCTAssertNil(try connection.tables.tenants.find(Tenant("initech")!))
    }

    func testKeysRoundTripWithTheirTenantsRegionAndAreRevoked() throws {
        let store = try StoreDirectory(for: self)
        let connection = try store.control()
        let key = APIKey(id: "0123456789abcdef", tenant: acme, name: "ci", scopes: [.tokenize, .detokenize], createdAt: 5,
                         expiresAt: 50, revokedAt: nil, lastUsedAt: nil, defaultRegion: .us)
        try connection.transaction { tables in
            try tables.tenants.insert(ControlStore.TenantRecord(tenant: acme, defaultRegion: .us, createdAt: 1))
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
