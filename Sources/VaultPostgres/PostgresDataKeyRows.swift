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
}
#endif
