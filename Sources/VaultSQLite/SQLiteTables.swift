import Vault
import VaultStore

/// What one SQLite connection sees of a store with an audit chain; the owner types are views of the
/// connection, made per use (a struct holding one reference: no allocation).
struct SQLiteChainTables: ChainTables {
    let database: Database
    var audit: any AuditTable { SQLiteAuditTable(database) }
    var bindings: any KeyringBindingRows { SQLiteKeyringBindingRows(database: database) }
}

/// What one SQLite connection sees of a region's store.
struct SQLiteRegionTables: RegionTables {
    let database: Database
    var audit: any AuditTable { SQLiteAuditTable(database) }
    var bindings: any KeyringBindingRows { SQLiteKeyringBindingRows(database: database) }
    var tokens: any TokenRows { SQLiteTokenRows(database: database) }
    var dataKeys: any DataKeyRows { SQLiteDataKeyRows(database: database) }
    var profiles: any ProfileRows { SQLiteProfileRows(database: database) }
    var addresses: any AddressRows { SQLiteAddressRows(database: database) }
    var grams: any GramRows { SQLiteGramRows(database: database) }
    var data: any DataRows { SQLiteDataRows(database: database) }
    var expired: any ExpiredRows { SQLiteExpiredRows(database: database) }
}

/// What one SQLite connection sees of the control store.
struct SQLiteControlTables: ControlTables {
    let database: Database
    var audit: any AuditTable { SQLiteAuditTable(database) }
    var bindings: any KeyringBindingRows { SQLiteKeyringBindingRows(database: database) }
    var tenants: any TenantRows { SQLiteTenantRows(database: database) }
    var apiKeys: any APIKeyRows { SQLiteAPIKeyRows(database: database) }
}
