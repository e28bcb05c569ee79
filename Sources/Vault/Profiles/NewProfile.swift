import VaultCrypto

/// A profile prepared for insertion: the expensive parts (key generation and wrapping, sealing, blind
/// indexes) are done on the caller's thread, so the writer only checks and inserts.
struct NewProfile: Sendable {
    let store: RegionStore
    let tenant: Tenant
    let id: ULID
    let fields: ProfileFields
    let now: Int64
    let wrappedKey: [UInt8]
    let sealed: [UInt8]
    let emailIndex: [UInt8]
    let grams: Set<Int64>
    /// Tried in order; a clash of all of them (about 1 in 10^27 at a million profiles) fails the request.
    let displayIDs: [String]

    init(store: RegionStore, tenant: Tenant, fields: ProfileFields, now: Int64) throws {
        self.store = store
        self.tenant = tenant
        self.fields = fields
        self.now = now
        id = try SecureRandom.bytes(10).withUnsafeBytes { ULID(timestamp: UInt64(now), randomness: $0) }
        let (key, wrapped) = try store.profileCrypto.newKey(tenant: tenant, profile: id)
        wrappedKey = wrapped
        sealed = try store.profileCrypto.seal(fields, key: key, tenant: tenant, profile: id)
        emailIndex = try store.blindIndex.email(fields.email, tenant: tenant)
        grams = try store.blindIndex.grams(of: fields, tenant: tenant)
        displayIDs = try (0..<3).map { _ in try DisplayID.random(region: store.region) }
    }

    /// Inserts the row and its index entries inside the writer's transaction.
    func insert(into tables: any RegionTables) throws -> Profile {
        let profiles = tables.profiles
        guard let displayID = try displayIDs.first(where: { try profiles.find(displayID: $0, tenant: tenant) == nil }) else {
            throw StoredRecordError.malformed
        }
        let number = try profiles.insert(id: id, tenant: tenant, displayID: displayID, now: now, emailIndex: emailIndex,
                                         wrappedKey: wrappedKey, sealed: sealed)
        try GramIndex.add(grams, profile: number, tenant: tenant, version: now, in: tables.grams)
        return Profile(id: try store.identity.token(for: id, kind: .profile, tenant: tenant), displayID: displayID,
                       fields: fields, createdAt: now, updatedAt: now)
    }
}
