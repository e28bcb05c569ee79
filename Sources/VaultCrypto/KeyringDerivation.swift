/// The keys a keyring derives once, from its first root key, for purposes rotation must not change: the audit
/// chain's MAC key, the blind-index key, the identity key (the secret half of profile and address ids) and the
/// check key that ties a database to its keyring. Rotation keeps them (else every index, id and chain would need
/// rebuilding); retiring the first root key keeps them too, as these four subkeys alone, so that the root (and the
/// key-encryption key it also yields) can go. None of them opens a wrapped key or a sealed value.
struct KeyringDerivation: Sendable {
    /// The root key they came from (retired or not): named in the keyring file.
    let rootID: UInt32
    let audit: SymmetricKey
    let index: SymmetricKey
    let identity: SymmetricKey
    let check: SymmetricKey
    let auditKey: HMACKey
    let indexKey: HMACKey
    let identityKey: HMACKey
    let checkKey: HMACKey

    static let labels = ["audit", "index", "identity", "keyring-check"]

    init(rootID: UInt32, root: SymmetricKey) throws {
        try self.init(rootID: rootID, subkeys: Self.labels.map { try HMACSHA256.deriveKey(from: root, label: $0) })
    }

    /// From stored subkeys, in the order of `labels`.
    init(rootID: UInt32, subkeys: [SymmetricKey]) throws {
        guard subkeys.count == Self.labels.count else { throw CryptoError.keyring("a keyring derivation needs 4 subkeys") }
        self.rootID = rootID
        (audit, index, identity, check) = (subkeys[0], subkeys[1], subkeys[2], subkeys[3])
        auditKey = try HMACKey(audit)
        indexKey = try HMACKey(index)
        identityKey = try HMACKey(identity)
        checkKey = try HMACKey(check)
    }

    var subkeys: [SymmetricKey] { [audit, index, identity, check] }
}
