#if PostgreSQL
import PostgresStore
import Vault

/// The `data_keys` table of a region.
struct PostgresDataKeyRows: DataKeyRows {
    let connection: PostgresConnection

    func insert(tenant: Tenant, id: UInt32, wrapped: [UInt8], createdAt: Int64) throws {
        try connection.send("""
            INSERT INTO data_keys(tenant, id, wrapped, created_at) VALUES($1, $2, $3, $4) ON CONFLICT DO NOTHING
            """, [.text(tenant.name), .integer(Int64(id)), .bytes(wrapped), .integer(createdAt)])
    }

    func wrapped(tenant: Tenant, id: UInt32) throws -> [UInt8]? {
        let rows = try connection.query("SELECT wrapped FROM data_keys WHERE tenant = $1 AND id = $2",
                                        [.text(tenant.name), .integer(Int64(id))])
        return rows.count > 0 ? rows.bytes(0, 0) : nil
    }

    func createdBefore(_ cutoff: Int64) throws -> [DataKeyReference] {
        let rows = try connection.query("SELECT tenant, id FROM data_keys WHERE created_at < $1", [.integer(cutoff)])
        return (0..<rows.count).map { DataKeyReference(tenant: rows.text($0, 0), id: UInt32(truncatingIfNeeded: rows.int64($0, 1))) }
    }

    func referenced(tokensIssuedSince: ULID) throws -> Set<DataKeyReference> {
        var keys: Set<DataKeyReference> = []
        let scans: [(String, [PostgresValue])] = [
            ("SELECT DISTINCT tenant, substring(sealed from 2 for 4) FROM tokens WHERE id >= $1", [.bytes(tokensIssuedSince.bytes)]),
            ("SELECT DISTINCT tenant, substring(sealed from 2 for 4) FROM data_blobs", []),
        ]
        for (sql, values) in scans {
            let rows = try connection.query(sql, values)
            for row in 0..<rows.count {
                if let id = UInt32(headerBytes: rows.bytes(row, 1)) { keys.insert(DataKeyReference(tenant: rows.text(row, 0), id: id)) }
            }
        }
        return keys
    }

    func delete(_ key: DataKeyReference) throws {
        try connection.send("DELETE FROM data_keys WHERE tenant = $1 AND id = $2", [.text(key.tenant), .integer(Int64(key.id))])
    }
}
#endif
