import Foundation
import VaultCrypto
import VaultStore

extension ControlStore {
    public enum AuthenticationFailure: Error, Sendable, Equatable {
        /// No such key, a malformed secret, or a revoked or expired key: all answer 401 alike.
        case invalid
    }

    /// Creates a key and returns it with its secret, which is shown once and never stored.
    public func createKey(tenant: Tenant, scopes: Set<Scope>, name: String,
                          expiresInMilliseconds: Int64?) throws -> (key: APIKey, secret: String) {
        guard !scopes.isEmpty else { throw VaultError.configuration("a key needs at least one scope") }
        let (id, secret) = try APIKeySecret.generate()
        let now = clock()
        let key = try auditedTransaction { db in
            guard let record = try Self.tenant(tenant, in: db) else {
                throw VaultError.configuration("no tenant \(tenant.name): run `piivault tenant create \(tenant.name)` first")
            }
            let key = APIKey(id: id, tenant: tenant, name: name, scopes: scopes, createdAt: now,
                             expiresAt: expiresInMilliseconds.map { now + $0 }, revokedAt: nil, lastUsedAt: nil,
                             defaultRegion: record.defaultRegion)
            try db.withStatement("""
                INSERT INTO api_keys(id, tenant, name, scopes, secret_hash, created_at, expires_at)
                VALUES(?, ?, ?, ?, ?, ?, ?)
                """) { s in
                try s.run([.text(id), .text(tenant.name), .text(name), .text(Self.scopeText(scopes)),
                           .blob(APIKeySecret.hash(secret)), .integer(now), key.expiresAt.map { .integer($0) } ?? .null])
            }
            try audit("apikey.create", tenant: tenant, records: [id], in: db)
            return key
        }
        return (key, secret)
    }

    public func listKeys() throws -> [APIKey] {
        try database.withLock { db in
            try db.withStatement("""
                SELECT k.id, k.tenant, k.name, k.scopes, k.created_at, k.expires_at, k.revoked_at, k.last_used_at,
                       t.default_region
                FROM api_keys k JOIN tenants t ON t.name = k.tenant ORDER BY k.created_at, k.id
                """) { s in
                var keys: [APIKey] = []
                while try s.step() { if let key = Self.key(from: s) { keys.append(key) } }
                return keys
            }
        }
    }

    /// Revokes at once (servers notice within the verification cache time). False if no such key.
    public func revokeKey(id: String) throws -> Bool {
        try auditedTransaction { db in
            let tenant = try db.withStatement("SELECT tenant FROM api_keys WHERE id = ? AND revoked_at IS NULL") { s in
                try s.bind([.text(id)])
                return try s.step() ? Tenant(s.text(0)) : nil
            }
            guard let tenant else { return false }
            try db.withStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ?") { try $0.run([.integer(clock()), .text(id)]) }
            try audit("apikey.revoke", tenant: tenant, records: [id], in: db)
            return true
        }
    }

    /// The usable key whose secret this is, or `.invalid`. Compared by hash, in constant time.
    public func authenticate(secret: String) throws -> APIKey {
        let hash = APIKeySecret.hash(secret)
        let now = clock()
        if let hit = verified.withLock({ $0[hash] }), now - hit.at < cacheMilliseconds {
            guard hit.key.isUsable(at: now) else { throw AuthenticationFailure.invalid }
            return hit.key
        }
        guard let id = APIKeySecret.keyID(of: secret) else { throw AuthenticationFailure.invalid }
        let found = try database.withLock { db -> (APIKey, [UInt8])? in
            try db.withStatement("""
                SELECT k.id, k.tenant, k.name, k.scopes, k.created_at, k.expires_at, k.revoked_at, k.last_used_at,
                       t.default_region, k.secret_hash
                FROM api_keys k JOIN tenants t ON t.name = k.tenant WHERE k.id = ?
                """) { s in
                try s.bind([.text(id)])
                guard try s.step(), let key = Self.key(from: s) else { return nil }
                return (key, s.blob(9))
            }
        }
        guard let (key, storedHash) = found, ConstantTime.equals(storedHash, hash), key.isUsable(at: now) else {
            throw AuthenticationFailure.invalid
        }
        verified.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[hash] = (key, now)
        }
        noteUse(of: key, at: now)
        return key
    }

    /// Records "last used" off the request path, at most once a minute per key.
    private func noteUse(of key: APIKey, at now: Int64) {
        guard (key.lastUsedAt ?? 0) < now - 60_000 else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            try? database.withLock { db in
                try db.withStatement("UPDATE api_keys SET last_used_at = ? WHERE id = ?") {
                    try $0.run([.integer(now), .text(key.id)])
                }
            }
        }
    }

    static func scopeText(_ scopes: Set<Scope>) -> String { scopes.sorted().map(\.rawValue).joined(separator: ",") }

    static func key(from s: Statement) -> APIKey? {
        guard let tenant = Tenant(s.text(1)), let scopes = Scope.parseList(s.text(3)) else { return nil }
        let region = Region(code: s.text(8))
        func optional(_ column: Int32) -> Int64? { s.isNull(column) ? nil : s.int64(column) }
        return APIKey(id: s.text(0), tenant: tenant, name: s.text(2), scopes: scopes, createdAt: s.int64(4),
                      expiresAt: optional(5), revokedAt: optional(6), lastUsedAt: optional(7), defaultRegion: region)
    }
}
