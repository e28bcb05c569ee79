import Vault
import VaultStore

/// The `data_keys` table of a region.
struct SQLiteDataKeyRows: DataKeyRows {
    let database: Database

    func insert(tenant: Tenant, id: UInt32, wrapped: [UInt8], createdAt: Int64) throws {
        try database.query("INSERT OR IGNORE INTO data_keys(tenant, id, wrapped, created_at) VALUES(?, ?, ?, ?)") {
            try $0.run([.text(tenant.name), .integer(Int64(id)), .blob(wrapped), .integer(createdAt)])
        }
    }

    func wrapped(tenant: Tenant, id: UInt32) throws -> [UInt8]? {
        try database.query("SELECT wrapped FROM data_keys WHERE tenant = ? AND id = ?") { s in
            try s.bind([.text(tenant.name), .integer(Int64(id))])
            return try s.step() ? s.blob(0) : nil
        }
    }

    func createdBefore(_ cutoff: Int64) throws -> [DataKeyReference] {
        try database.query("SELECT tenant, id FROM data_keys WHERE created_at < ?") { s in
            try s.bind([.integer(cutoff)])
            var keys: [DataKeyReference] = []
            while try s.step() { keys.append(DataKeyReference(tenant: s.text(0), id: UInt32(truncatingIfNeeded: s.int64(1)))) }
            return keys
        }
    }

    func referenced(tokensIssuedSince: ULID) throws -> Set<DataKeyReference> {
        var keys: Set<DataKeyReference> = []
        let scans: [(String, [DatabaseValue])] = [
            ("SELECT DISTINCT tenant, substr(sealed, 2, 4) FROM tokens WHERE id >= ?", [.blob(tokensIssuedSince.bytes)]),
            ("SELECT DISTINCT tenant, substr(sealed, 2, 4) FROM data_blobs", []),
        ]
        for (sql, values) in scans {
            try database.query(sql) { s in
                try s.bind(values)
                while try s.step() {
                    if let id = UInt32(headerBytes: s.blob(1)) { keys.insert(DataKeyReference(tenant: s.text(0), id: id)) }
                }
            }
        }
        return keys
    }

    func delete(_ key: DataKeyReference) throws {
        try database.query("DELETE FROM data_keys WHERE tenant = ? AND id = ?") {
            try $0.run([.text(key.tenant), .integer(Int64(key.id))])
        }
    }
}
