import Foundation
import StoreTestSupport
@testable import Vault
import VaultCrypto
import VaultStore
import XCTest

/// Tenants' `crossRegionReads` and the lookup of a key by id, on the engine of the test pass (SQLite files, or
/// PostgreSQL with `PIIVAULT_TEST_STORE=postgresql`).
final class ControlStoreTests: XCTestCase {
    private var root: String!
    private var dataDirectory: String { root + "/data" }
    private var keysDirectory: String { root + "/keys" }
    private let clock = TestClock()
    private let acme = Tenant("acme")!
    private let globex = Tenant("globex")!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "control-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
        try KeyringFile.write(try Keyring.generate(region: ControlStore.keyringName, now: 1), keysDirectory: keysDirectory,
                              replacing: false)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func open(creating: Bool = false) throws -> ControlStore {
        let clock = self.clock
        return try ControlStore(dataDirectory: dataDirectory, keysDirectory: keysDirectory, engine: try TestStores.engine(for: dataDirectory),
                                creating: creating, clock: { clock.now.withLock { $0 } })
    }

    func testATenantKeepsWhetherNodesOfOtherRegionsMayRevealItsData() throws {
        let control = try open(creating: true)
        try control.createTenant(acme, defaultRegion: nil)
        let created = try control.createTenant(globex, defaultRegion: .us, crossRegionReads: false)
        XCTAssertFalse(created.crossRegionReads)
        XCTAssertEqual(try control.tenant(globex), created)
        XCTAssertEqual(try control.tenant(acme)?.crossRegionReads, true, "allowed unless forbidden")
        XCTAssertEqual(try open().listTenants().map { [$0.tenant.name: $0.crossRegionReads] }, [["acme": true], ["globex": false]])
    }

    func testAKeyByIDIsTheStoredKeyWithItsTenantsSettingsRevokedOrExpiredAlike() throws {
        let control = try open(creating: true)
        try control.createTenant(acme, defaultRegion: nil)
        try control.createTenant(globex, defaultRegion: .us, crossRegionReads: false)
        let allowed = try control.createKey(tenant: acme, scopes: [.detokenize], name: "open", expiresInMilliseconds: nil).key
        let forbidden = try control.createKey(tenant: globex, scopes: [.detokenize], name: "closed", expiresInMilliseconds: 60_000).key

        XCTAssertEqual(try control.key(id: allowed.id), allowed)
        let found = try XCTUnwrap(try control.key(id: forbidden.id))
        XCTAssertEqual(found, forbidden)
        XCTAssertEqual(found.tenant, globex)
        XCTAssertEqual(found.defaultRegion, .us)
        XCTAssertFalse(found.crossRegionReads)
        XCTAssertEqual(try control.key(id: allowed.id)?.crossRegionReads, true)
        XCTAssertNil(try control.key(id: "0123456789abcdef"))
        XCTAssertNil(try control.key(id: ""))

        // Revoked or expired, the key is still returned as stored: the caller asks whether it is usable.
        XCTAssertTrue(try control.revokeKey(id: allowed.id))
        let revoked = try XCTUnwrap(try control.key(id: allowed.id))
        XCTAssertEqual(revoked.revokedAt, clock.now.withLock { $0 })
        XCTAssertFalse(revoked.isUsable(at: clock.now.withLock { $0 }))
        clock.now.withLock { $0 += 60_000 }
        let expired = try XCTUnwrap(try control.key(id: forbidden.id))
        XCTAssertNil(expired.revokedAt)
        XCTAssertFalse(expired.isUsable(at: clock.now.withLock { $0 }))
        XCTAssertEqual(try open().key(id: forbidden.id), forbidden, "read from the store, by another opening of it too")
    }

    /// A control store made before `cross_region_reads` upgrades in place when opened, its tenants (and their
    /// keys) allowing such reads as they did. The old store is this one taken back to that version.
    func testAControlStoreFromBeforeTheFlagUpgradesWithReadsAllowed() throws {
        do {
            let control = try open(creating: true)
            try control.createTenant(acme, defaultRegion: .us)
            _ = try control.createKey(tenant: acme, scopes: [.detokenize], name: "old", expiresInMilliseconds: nil)
        }
        if let conninfo = TestStores.conninfo(of: .control, dataDirectory: dataDirectory) {
            let (server, database) = (try TestStores.postgres(), String(conninfo.split(separator: "/").last ?? ""))
            try server.sql("DROP TABLE tenant_settings; ALTER TABLE tenants DROP COLUMN cross_region_reads; DELETE FROM schema_version WHERE version > 1",
                           database: database)
            XCTAssertEqual(try server.sql("SELECT count(*) FROM information_schema.columns WHERE column_name = 'cross_region_reads'",
                                          database: database), "0")
        } else {
            let old = try Database(path: try TestStores.engine(for: dataDirectory).location(of: .control, dataDirectory: dataDirectory))
            try old.inTransaction {
                try old.execute("DROP TABLE tenant_settings; ALTER TABLE tenants DROP COLUMN cross_region_reads; PRAGMA user_version=2")
            }
            XCTAssertEqual(try old.scalarInt("SELECT count(*) FROM pragma_table_info('tenants') WHERE name = 'cross_region_reads'"), 0)
        }

        let control = try open()
        XCTAssertEqual(try control.tenant(acme)?.crossRegionReads, true)
        XCTAssertEqual(try control.tenant(acme)?.defaultRegion, .us)
        let key = try XCTUnwrap(try control.listKeys().first)
        XCTAssertEqual(try control.key(id: key.id)?.crossRegionReads, true)
        try control.createTenant(globex, defaultRegion: nil, crossRegionReads: false)
        XCTAssertEqual(try control.listTenants().map(\.crossRegionReads), [true, false])
    }
}
