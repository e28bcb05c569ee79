#if PostgreSQL
import PostgresStore
import Vault

/// The `data_blobs` table of a region. `expires_at` is null for blobs kept until deleted.
struct PostgresDataRows: DataRows {
    let connection: PostgresConnection

    func insert(lookup: [UInt8], tenant: Tenant, createdAt: Int64, expiresAt: Int64?, sealed: [UInt8]) throws {
        try connection.query("INSERT INTO data_blobs(lookup, tenant, created_at, expires_at, sealed) VALUES($1, $2, $3, $4, $5)",
                             [.bytes(lookup), .text(tenant.name), .integer(createdAt), expiresAt.map(PostgresValue.integer) ?? .null,
                              .bytes(sealed)])
    }

    func header(lookup: [UInt8]) throws -> DataEntryHeader? {
        let rows = try connection.query("SELECT tenant, created_at, expires_at FROM data_blobs WHERE lookup = $1", [.bytes(lookup)])
        return rows.count > 0 ? Self.header(rows) : nil
    }

    func find(lookup: [UInt8]) throws -> (header: DataEntryHeader, sealed: [UInt8])? {
        let rows = try connection.query("SELECT tenant, created_at, expires_at, sealed FROM data_blobs WHERE lookup = $1",
                                        [.bytes(lookup)])
        return rows.count > 0 ? (Self.header(rows), rows.bytes(0, 3)) : nil
    }

    private static func header(_ rows: PostgresRows) -> DataEntryHeader {
        DataEntryHeader(tenant: rows.text(0, 0), createdAt: rows.int64(0, 1), expiresAt: rows.optionalInt64(0, 2))
    }

    func delete(lookup: [UInt8]) throws {
        try connection.query("DELETE FROM data_blobs WHERE lookup = $1", [.bytes(lookup)])
    }
}
#endif
