#if PostgreSQL
import PostgresStore
import Vault

/// The `tokens` table of a region.
struct PostgresTokenRows: TokenRows {
    let connection: PostgresConnection

    /// One multi-row INSERT per request (up to 25 rows), as on SQLite: one round trip, not one per row.
    func insert(_ rows: [(id: [UInt8], sealed: [UInt8])], tenant: Tenant) throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 25, rows.count)]
            var values: [PostgresValue] = []
            values.reserveCapacity(chunk.count * 3)
            for row in chunk { values += [.bytes(row.id), .text(tenant.name), .bytes(row.sealed)] }
            try connection.send(Self.insertSQL[chunk.count], values)
            start += chunk.count
        }
    }

    /// `insertSQL[n]` inserts n rows.
    private static let insertSQL: [String] = (0...25).map { count in
        "INSERT INTO tokens(id, tenant, sealed) VALUES "
            + (0..<count).map { "($\($0 * 3 + 1), $\($0 * 3 + 2), $\($0 * 3 + 3))" }.joined(separator: ", ")
    }

    func find(ids: [[UInt8]]) throws -> [(tenant: String, sealed: [UInt8])?] {
        guard ids.count > 1 else { return try ids.map { try find(id: $0) } }
        let rows = try connection.query("SELECT id, tenant, sealed FROM tokens WHERE id = ANY($1::bytea[])", [PostgresArray.bytea(ids)])
        var found: [[UInt8]: (tenant: String, sealed: [UInt8])] = [:]
        for row in 0..<rows.count { found[rows.bytes(row, 0)] = (rows.text(row, 1), rows.bytes(row, 2)) }
        return ids.map { found[$0] }
    }

    func find(id: [UInt8]) throws -> (tenant: String, sealed: [UInt8])? {
        let rows = try connection.query("SELECT tenant, sealed FROM tokens WHERE id = $1", [.bytes(id)])
        return rows.count > 0 ? (rows.text(0, 0), rows.bytes(0, 1)) : nil
    }
}
#endif
