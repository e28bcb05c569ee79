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
}
