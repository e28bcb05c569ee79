import VaultStore

/// The tables of one region's database and their migrations, tracked with `user_version`.
///
/// - `data_keys`: each tenant's data keys, wrapped under the region's key-encryption key.
/// - `tokens`: one row per token: the record id (first ULID, 16 bytes, time-ordered), the tenant and the
///   sealed value. The token's secret half is stored nowhere: it is part of the sealed value's associated
///   data. Nothing here opens a value without the keyring, or rebuilds a token at all.
/// - `audit`, `audit_head`: the region's audit chain (see `AuditChain`).
enum RegionSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE data_keys(
            tenant TEXT NOT NULL, id INTEGER NOT NULL, wrapped BLOB NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY(tenant, id)) WITHOUT ROWID;
        CREATE TABLE tokens(
            id BLOB PRIMARY KEY, tenant TEXT NOT NULL, sealed BLOB NOT NULL) WITHOUT ROWID;
        """,
        AuditChain.schema,
    ]

    /// Brings `database` up to date and checks it belongs to `region` (a file copied to the wrong
    /// region's name is refused, not silently served).
    static func migrate(_ database: Database, region: Region) throws {
        try database.inTransaction {
            try database.migrate(migrations)
            try database.withStatement("INSERT OR IGNORE INTO meta(key, value) VALUES('region', ?)") {
                try $0.run([.text(region.code)])
            }
            let stored = try database.withStatement("SELECT value FROM meta WHERE key='region'") { s in
                try s.step() ? s.text(0) : ""
            }
            guard stored == region.code else {
                throw VaultError.store("\(database.path) holds region \(stored), not \(region.code)")
            }
        }
    }
}
