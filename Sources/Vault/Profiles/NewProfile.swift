import VaultCrypto
import VaultStore

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
    func insert(into database: Database) throws -> Profile {
        guard let displayID = try displayIDs.first(where: {
            try ProfileRow.find(displayID: $0, tenant: tenant, in: database) == nil
        }) else { throw StoredRecordError.malformed }
        try database.withStatement("""
            INSERT INTO profiles(id, tenant, display_id, created_at, updated_at, email_index, wrapped_key, sealed)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?)
            """) { s in
            try s.run([.blob(id.bytes), .text(tenant.name), .text(displayID), .integer(now), .integer(now),
                       .blob(emailIndex), .blob(wrappedKey), .blob(sealed)])
        }
        try GramIndex.add(grams, profile: database.lastInsertRowID, tenant: tenant, version: now, in: database)
        return Profile(id: try store.identity.token(for: id, kind: .profile, tenant: tenant), displayID: displayID,
                       fields: fields, createdAt: now, updatedAt: now)
    }
}
