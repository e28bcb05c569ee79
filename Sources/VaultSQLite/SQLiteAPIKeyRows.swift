import Vault
import VaultStore

/// The `api_keys` table of the control store: scopes as a sorted comma-separated list, the secret's hash.
struct SQLiteAPIKeyRows: APIKeyRows {
    /// A key's columns with its tenant's default region and `cross_region_reads` (from `tenants`).
    private static let select = """
        SELECT k.id, k.tenant, k.name, k.scopes, k.created_at, k.expires_at, k.revoked_at, k.last_used_at,
               t.default_region, t.cross_region_reads
        """

    let database: Database

    func insert(_ key: APIKey, secretHash: [UInt8]) throws {
        try database.query("""
            INSERT INTO api_keys(id, tenant, name, scopes, secret_hash, created_at, expires_at)
            VALUES(?, ?, ?, ?, ?, ?, ?)
            """) { s in
            try s.run([.text(key.id), .text(key.tenant.name), .text(key.name),
                       .text(key.scopes.sorted().map(\.rawValue).joined(separator: ",")),
                       .blob(secretHash), .integer(key.createdAt), key.expiresAt.map { .integer($0) } ?? .null])
        }
    }

    func all() throws -> [APIKey] {
        try database.query(Self.select + "\nFROM api_keys k JOIN tenants t ON t.name = k.tenant ORDER BY k.created_at, k.id") { s in
            var keys: [APIKey] = []
            while try s.step() { if let key = Self.key(from: s) { keys.append(key) } }
            return keys
        }
    }

    func find(id: String) throws -> (key: APIKey, secretHash: [UInt8])? {
        try database.query(Self.select + ", k.secret_hash\nFROM api_keys k JOIN tenants t ON t.name = k.tenant WHERE k.id = ?") { s in
            try s.bind([.text(id)])
            guard try s.step(), let key = Self.key(from: s) else { return nil }
            return (key, s.blob(10))
        }
    }

    func activeTenant(id: String) throws -> Tenant? {
        try database.query("SELECT tenant FROM api_keys WHERE id = ? AND revoked_at IS NULL") { s in
            try s.bind([.text(id)])
            return try s.step() ? Tenant(s.text(0)) : nil
        }
    }

    func revoke(id: String, at: Int64) throws {
        try database.query("UPDATE api_keys SET revoked_at = ? WHERE id = ?") { try $0.run([.integer(at), .text(id)]) }
    }

    func noteUse(id: String, at: Int64) throws {
        try database.query("UPDATE api_keys SET last_used_at = ? WHERE id = ?") { try $0.run([.integer(at), .text(id)]) }
    }

    /// Nil for a row whose tenant or scopes no longer parse (skipped, not shown raw).
    private static func key(from s: Statement) -> APIKey? {
        guard let tenant = Tenant(s.text(1)), let scopes = Scope.parseList(s.text(3)) else { return nil }
        func optional(_ column: Int32) -> Int64? { s.isNull(column) ? nil : s.int64(column) }
        return APIKey(id: s.text(0), tenant: tenant, name: s.text(2), scopes: scopes, createdAt: s.int64(4),
                      expiresAt: optional(5), revokedAt: optional(6), lastUsedAt: optional(7), defaultRegion: Region(code: s.text(8)),
                      crossRegionReads: s.int64(9) != 0)
    }
}
