import Foundation
import VaultCrypto

extension ControlStore {
    package enum AuthenticationFailure: Error, Sendable, Equatable {
        /// No such key, a malformed secret, or a revoked or expired key: all answer 401 alike.
        case invalid
    }

    /// Creates a key and returns it with its secret, which is shown once and never stored.
    package func createKey(tenant: Tenant, scopes: Set<Scope>, name: String,
                          expiresInMilliseconds: Int64?) throws -> (key: APIKey, secret: String) {
        guard !scopes.isEmpty else { throw VaultError.configuration("a key needs at least one scope") }
        let (id, secret) = try APIKeySecret.generate()
        let now = clock()
        let key = try auditedTransaction { tables in
            guard let record = try tables.tenants.find(tenant) else {
                throw VaultError.configuration("no tenant \(tenant.name): run `piivault tenant create \(tenant.name)` first")
            }
            let key = APIKey(id: id, tenant: tenant, name: name, scopes: scopes, createdAt: now,
                             expiresAt: expiresInMilliseconds.map { now + $0 }, revokedAt: nil, lastUsedAt: nil,
                             defaultRegion: record.defaultRegion, crossRegionReads: record.crossRegionReads)
            try tables.apiKeys.insert(key, secretHash: APIKeySecret.hash(secret))
            try audit("apikey.create", tenant: tenant, records: [id], in: tables)
            return key
        }
        return (key, secret)
    }

    package func listKeys() throws -> [APIKey] {
        try database.withLock { try $0.tables.apiKeys.all() }
    }

    /// The key with this id, with its tenant's default region and `crossRegionReads`, as stored: revoked and
    /// expired keys too (the caller asks `isUsable(at:)`); nil for no such key. Reads the store every time,
    /// for a node that re-checks a key id a peer node asserts.
    package func key(id: String) throws -> APIKey? {
        try database.withLock { try $0.tables.apiKeys.find(id: id) }?.key
    }

    /// Revokes at once (servers notice within the verification cache time). False if no such key.
    package func revokeKey(id: String) throws -> Bool {
        try auditedTransaction { tables in
            guard let tenant = try tables.apiKeys.activeTenant(id: id) else { return false }
            try tables.apiKeys.revoke(id: id, at: clock())
            try audit("apikey.revoke", tenant: tenant, records: [id], in: tables)
            return true
        }
    }

    /// The usable key whose secret this is, or `.invalid`. Compared by hash, in constant time.
    package func authenticate(secret: String) throws -> APIKey {
        // The cache decides alone when it can (the event loop asks it directly); only a miss reads the store.
        if let decided = cachedAuthentication(secret: secret) { return try decided.get() }
        guard let id = APIKeySecret.keyID(of: secret) else { throw AuthenticationFailure.invalid }
        let hash = APIKeySecret.hash(secret)
        let now = clock()
        let found = try database.withLock { try $0.tables.apiKeys.find(id: id) }
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
            try? database.withLock { try $0.tables.apiKeys.noteUse(id: key.id, at: now) }
        }
    }
}
