import Vault
import VaultStore

/// The tables of every store with an audit chain, as views of one SQLite connection. The owner types are made
/// per use: a struct holding one reference, no allocation.
protocol SQLiteChainViews: ChainTables {
    var database: Database { get }
}

extension SQLiteChainViews {
    var audit: any AuditTable { SQLiteAuditTable(database) }
    var bindings: any KeyringBindingRows { SQLiteKeyringBindingRows(database: database) }

    /// A region's file names its region in `meta`; the control and set-up files have no such table.
    func heldKind() throws -> StoreKind? {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") == 1 else {
            return nil
        }
        let code = try database.withStatement("SELECT value FROM meta WHERE key = 'region'") { try $0.step() ? $0.text(0) : nil }
        return code.flatMap(Region.init(code:)).map(StoreKind.region)
    }
}

/// What a read-only connection sees of any store's chain (audit verify and tail, the anchor keeper).
struct SQLiteChainTables: SQLiteChainViews {
    let database: Database
}

/// What one SQLite connection sees of a region's store.
struct SQLiteRegionTables: RegionTables, SQLiteChainViews {
    let database: Database
    var tokens: any TokenRows { SQLiteTokenRows(database: database) }
    var dataKeys: any DataKeyRows { SQLiteDataKeyRows(database: database) }
    var profiles: any ProfileRows { SQLiteProfileRows(database: database) }
    var addresses: any AddressRows { SQLiteAddressRows(database: database) }
    var grams: any GramRows { SQLiteGramRows(database: database) }
    var data: any DataRows { SQLiteDataRows(database: database) }
    var expired: any ExpiredRows { SQLiteExpiredRows(database: database) }
    var wrappedKeys: any WrappedKeyRows { SQLiteWrappedKeyRows(database: database) }
}

/// What one SQLite connection sees of the control store.
struct SQLiteControlTables: ControlTables, SQLiteChainViews {
    let database: Database
    var tenants: any TenantRows { SQLiteTenantRows(database: database) }
    var apiKeys: any APIKeyRows { SQLiteAPIKeyRows(database: database) }
    var tenantSettings: any TenantSettingRows { SQLiteTenantSettingRows(database: database) }
}
