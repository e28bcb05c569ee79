import Locking
import Synchronization
import VaultCrypto

/// Each tenant's data keys in one region (envelope encryption: data keys seal values; the region's
/// key-encryption key wraps data keys; only wrapped keys reach the database).
///
/// One active key per tenant seals new values until it has sealed `maxEncryptionsPerDataKey` values, or is
/// `dataKeyMaxAgeMilliseconds` old, or the keyring's primary has changed (a rotation: new keys go under the new
/// primary at once), then a fresh one takes over. Every process start begins new keys too. Opened keys are
/// kept in memory, wiped when dropped.
final class DataKeyCache: Sendable {
    /// A tenant's current sealing key. `isDurable` turns true once its wrapped form has committed, after
    /// which writes stop carrying it.
    final class ActiveKey: Sendable {
        let tenant: Tenant
        let id: UInt32
        let key: AESGCMKey
        let wrapped: [UInt8]
        let createdAt: Int64
        /// The keyring key `wrapped` is under.
        let wrappedUnder: UInt32
        let isDurable = Atomic<Bool>(false)
        fileprivate let uses = Atomic<Int>(0)

        fileprivate init(tenant: Tenant, id: UInt32, key: AESGCMKey, wrapped: [UInt8], createdAt: Int64, wrappedUnder: UInt32) {
            self.tenant = tenant
            self.id = id
            self.key = key
            self.wrapped = wrapped
            self.createdAt = createdAt
            self.wrappedUnder = wrappedUnder
        }
    }

    private struct Reference: Hashable {
        let tenant: String
        let id: UInt32
    }

    private let region: Region
    private let keyring: WatchedKeyring
    private let maxUses: Int
    private let maxAge: Int64
    private let maxOpened = 10_000
    private let active = Locked<[String: ActiveKey]>([:])
    private let opened = Locked<[Reference: AESGCMKey]>([:])

    init(region: Region, keyring: WatchedKeyring, maxUses: Int, maxAge: Int64) {
        self.region = region
        self.keyring = keyring
        self.maxUses = maxUses
        self.maxAge = maxAge
    }

    /// The key to seal `count` new values for `tenant`, creating one if needed.
    func keyForSealing(tenant: Tenant, count: Int, now: Int64) throws -> ActiveKey {
        let keyring = keyring.current
        return try active.withLock { keys in
            if let current = keys[tenant.name], current.wrappedUnder == keyring.primaryID, now - current.createdAt < maxAge,
               current.uses.add(count, ordering: .relaxed).newValue <= maxUses {
                return current
            }
            let fresh = try makeKey(tenant: tenant, now: now, keyring: keyring)
            _ = fresh.uses.add(count, ordering: .relaxed)
            keys[tenant.name] = fresh
            return fresh
        }
    }

    /// The key with `id` for `tenant`, unwrapping it from `load()` (the stored wrapped form) on first use.
    /// Nil when no such key is stored.
    func keyForOpening(tenant: Tenant, id: UInt32, load: () throws -> [UInt8]?) throws -> AESGCMKey? {
        let reference = Reference(tenant: tenant.name, id: id)
        if let key = opened.withLock({ $0[reference] }) { return key }
        guard let wrapped = try load() else { return nil }
        var raw = try keyring.unwrap(wrapped, authenticating: Self.associatedData(region, tenant.name, id))
        defer { SecureBytes.wipe(&raw) }
        let key = AESGCMKey(try SymmetricKey(copying: raw))
        remember(reference, key)
        return key
    }

    private func makeKey(tenant: Tenant, now: Int64, keyring: Keyring) throws -> ActiveKey {
        var id: UInt32 = 0
        repeat { id = try SecureRandom.uint32() } while id == 0 || opened.withLock({ $0[Reference(tenant: tenant.name, id: id)] != nil })
        let key = AESGCMKey(try SymmetricKey.random())
        var raw = key.key.withUnsafeBytes { [UInt8]($0) }
        defer { SecureBytes.wipe(&raw) }
        let wrapped = try keyring.wrap(raw, authenticating: Self.associatedData(region, tenant.name, id))
        remember(Reference(tenant: tenant.name, id: id), key)
        return ActiveKey(tenant: tenant, id: id, key: key, wrapped: wrapped, createdAt: now, wrappedUnder: keyring.primaryID)
    }

    private func remember(_ reference: Reference, _ key: AESGCMKey) {
        opened.withLock { keys in
            // A crude bound: dropping everything is rare and only costs re-unwrapping.
            if keys.count >= maxOpened { keys.removeAll() }
            keys[reference] = key
        }
    }

    /// Binds a wrapped key to its region, tenant and id: a wrapped key copied to another row won't open.
    static func associatedData(_ region: Region, _ tenant: String, _ id: UInt32) -> [UInt8] {
        var aad = Array("piivault/v1/data-key\0\(region.code)\0\(tenant)\0".utf8)
        aad += [UInt8(id >> 24), UInt8((id >> 16) & 0xff), UInt8((id >> 8) & 0xff), UInt8(id & 0xff)]
        return aad
    }
}
