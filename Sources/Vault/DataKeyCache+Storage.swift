import VaultStore

/// Where wrapped data keys live: the `data_keys` table of their region.
extension DataKeyCache {
    /// Stores a new key's wrapped form (idempotent), in the transaction of the first value it seals.
    static func insert(_ key: ActiveKey, into database: Database) throws {
        try database.withStatement("INSERT OR IGNORE INTO data_keys(tenant, id, wrapped, created_at) VALUES(?, ?, ?, ?)") {
            try $0.run([.text(key.tenant.name), .integer(Int64(key.id)), .blob(key.wrapped), .integer(key.createdAt)])
        }
    }

    static func wrapped(tenant: Tenant, id: UInt32, in database: Database) throws -> [UInt8]? {
        try database.withStatement("SELECT wrapped FROM data_keys WHERE tenant = ? AND id = ?") { s in
            try s.bind([.text(tenant.name), .integer(Int64(id))])
            return try s.step() ? s.blob(0) : nil
        }
    }
}
