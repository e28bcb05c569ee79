#if PostgreSQL
import PostgresStore
import Vault

/// The `api_keys` table of the control store: scopes as a sorted comma-separated list, the secret's hash.
struct PostgresAPIKeyRows: APIKeyRows {
    /// A key's columns with its tenant's default region and `cross_region_reads` (from `tenants`).
    private static let select = """
        SELECT k.id, k.tenant, k.name, k.scopes, k.created_at, k.expires_at, k.revoked_at, k.last_used_at,
               t.default_region, t.cross_region_reads
        """

    let connection: PostgresConnection

    func insert(_ key: APIKey, secretHash: [UInt8]) throws {
        try connection.query("""
            INSERT INTO api_keys(id, tenant, name, scopes, secret_hash, created_at, expires_at) VALUES($1, $2, $3, $4, $5, $6, $7)
            """, [.text(key.id), .text(key.tenant.name), .text(key.name), .text(key.scopes.sorted().map(\.rawValue).joined(separator: ",")),
                  .bytes(secretHash), .integer(key.createdAt), key.expiresAt.map(PostgresValue.integer) ?? .null])
    }

    func all() throws -> [APIKey] {
        let rows = try connection.query(Self.select + "\nFROM api_keys k JOIN tenants t ON t.name = k.tenant ORDER BY k.created_at, k.id")
        return (0..<rows.count).compactMap { Self.key(rows, $0) }
    }

    func find(id: String) throws -> (key: APIKey, secretHash: [UInt8])? {
        let rows = try connection.query(Self.select + ", k.secret_hash\nFROM api_keys k JOIN tenants t ON t.name = k.tenant WHERE k.id = $1",
                                        [.text(id)])
        guard rows.count > 0, let key = Self.key(rows, 0) else { return nil }
        return (key, rows.bytes(0, 10))
    }

    func activeTenant(id: String) throws -> Tenant? {
        let rows = try connection.query("SELECT tenant FROM api_keys WHERE id = $1 AND revoked_at IS NULL", [.text(id)])
        return rows.count > 0 ? Tenant(rows.text(0, 0)) : nil
    }

    func revoke(id: String, at: Int64) throws {
        try connection.query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2", [.integer(at), .text(id)])
    }

    func noteUse(id: String, at: Int64) throws {
        try connection.query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2", [.integer(at), .text(id)])
    }

    /// Nil for a row whose tenant or scopes no longer parse (skipped, not shown raw).
    private static func key(_ rows: PostgresRows, _ row: Int) -> APIKey? {
        guard let tenant = Tenant(rows.text(row, 1)), let scopes = Scope.parseList(rows.text(row, 3)) else { return nil }
        return APIKey(id: rows.text(row, 0), tenant: tenant, name: rows.text(row, 2), scopes: scopes, createdAt: rows.int64(row, 4),
                      expiresAt: rows.optionalInt64(row, 5), revokedAt: rows.optionalInt64(row, 6),
                      lastUsedAt: rows.optionalInt64(row, 7), defaultRegion: Region(code: rows.text(row, 8)),
                      crossRegionReads: rows.int64(row, 9) != 0)
    }
}
#endif
