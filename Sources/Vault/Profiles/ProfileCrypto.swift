import VaultCrypto

/// Envelope encryption for profiles: each profile has a data key of its own, wrapped by the region's
/// key-encryption key; the profile's fields and all its addresses are sealed under it. Destroying the
/// wrapped key destroys them all, in every copy of the database (crypto-shredding).
///
/// Associated data binds each ciphertext to its region, tenant and ids, so a row copied anywhere else
/// does not open.
struct ProfileCrypto: Sendable {
    /// The one key id a profile's key carries in ciphertext headers (a profile key is never rotated:
    /// it lives and dies with its profile).
    private static let profileKeyID: UInt32 = 1

    let region: Region
    let keyring: WatchedKeyring

    func newKey(tenant: Tenant, profile: ULID) throws -> (key: SymmetricKey, wrapped: [UInt8]) {
        let key = try SymmetricKey.random()
        var raw = key.withUnsafeBytes { [UInt8]($0) }
        defer { SecureBytes.wipe(&raw) }
        return (key, try keyring.wrap(raw, authenticating: Self.keyData(region, tenant.name, profile)))
    }

    func openKey(_ wrapped: [UInt8], tenant: Tenant, profile: ULID) throws -> SymmetricKey {
        var raw = try keyring.unwrap(wrapped, authenticating: Self.keyData(region, tenant.name, profile))
        defer { SecureBytes.wipe(&raw) }
        return try SymmetricKey(copying: raw)
    }

    func seal(_ fields: ProfileFields, key: SymmetricKey, tenant: Tenant, profile: ULID) throws -> [UInt8] {
        var plaintext = fields.sealingBytes
        defer { SecureBytes.wipe(&plaintext) }
        return try VersionedCiphertext.seal(plaintext, keyID: Self.profileKeyID, key: key,
                                            authenticating: aad("profile", tenant, profile.bytes))
    }

    func openFields(_ sealed: [UInt8], key: SymmetricKey, tenant: Tenant, profile: ULID) throws -> ProfileFields {
        var plaintext = try VersionedCiphertext.open(sealed, key: key, authenticating: aad("profile", tenant, profile.bytes))
        defer { SecureBytes.wipe(&plaintext) }
        return try ProfileFields(sealingBytes: plaintext)
    }

    func seal(_ fields: AddressFields, key: SymmetricKey, tenant: Tenant, profile: ULID, address: ULID) throws -> [UInt8] {
        var plaintext = fields.canonicalBytes
        defer { SecureBytes.wipe(&plaintext) }
        return try VersionedCiphertext.seal(plaintext, keyID: Self.profileKeyID, key: key,
                                            authenticating: aad("address", tenant, profile.bytes + address.bytes))
    }

    func openAddress(_ sealed: [UInt8], key: SymmetricKey, tenant: Tenant, profile: ULID, address: ULID) throws -> AddressFields {
        var plaintext = try VersionedCiphertext.open(sealed, key: key,
                                                     authenticating: aad("address", tenant, profile.bytes + address.bytes))
        defer { SecureBytes.wipe(&plaintext) }
        return try AddressFields(canonicalBytes: plaintext)
    }

    /// What a profile's wrapped key is bound to (also what `keys rewrap` opens it with).
    static func keyData(_ region: Region, _ tenant: String, _ profile: ULID) -> [UInt8] {
        aad("profile-key", region, tenant, profile.bytes)
    }

    private func aad(_ label: String, _ tenant: Tenant, _ ids: [UInt8]) -> [UInt8] {
        Self.aad(label, region, tenant.name, ids)
    }

    private static func aad(_ label: String, _ region: Region, _ tenant: String, _ ids: [UInt8]) -> [UInt8] {
        Array("piivault/v1/\(label)\0\(region.code)\0\(tenant)\0".utf8) + ids
    }
}
