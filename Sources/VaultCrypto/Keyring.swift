/// One region's root secrets. The primary (newest) key encrypts; every key still decrypts, so rotation
/// never strands old data. Keys are never changed in place and the primary cannot be removed.
/// A root secret is never used directly: purpose-bound subkeys are derived from it (the key-encryption key
/// the audit-chain key, the blind-index key and the identity key), so no key serves two purposes.
package struct Keyring: Sendable {
    package struct Entry: Sendable {
        package let id: UInt32
        package let createdAt: Int64
        let root: SymmetricKey
        /// Wraps data keys (envelope encryption).
        package let keyEncryptionKey: SymmetricKey
        /// The same key with reusable cipher contexts: every profile read unwraps a key.
        let wrappingKey: AESGCMKey
        /// Keys the hash chain of the audit log, so records cannot be edited and the chain recomputed
        /// without the keyring.
        package let auditKey: HMACKey
        /// Keys the blind indexes that let the vault find profiles by e-mail or by substring without
        /// decrypting them all.
        package let indexKey: HMACKey
        /// Derives the secret half of profile and address ids, so the vault can list them without storing
        /// anything that rebuilds an id.
        package let identityKey: HMACKey
        /// Keys the check value that ties a database to this keyring (see `checkValue`).
        let checkKey: HMACKey

        init(id: UInt32, createdAt: Int64, root: SymmetricKey) throws {
            self.id = id
            self.createdAt = createdAt
            self.root = root
            keyEncryptionKey = try HMACSHA256.deriveKey(from: root, label: "kek")
            wrappingKey = AESGCMKey(keyEncryptionKey)
            auditKey = try HMACKey(HMACSHA256.deriveKey(from: root, label: "audit"))
            indexKey = try HMACKey(HMACSHA256.deriveKey(from: root, label: "index"))
            identityKey = try HMACKey(HMACSHA256.deriveKey(from: root, label: "identity"))
            checkKey = try HMACKey(HMACSHA256.deriveKey(from: root, label: "keyring-check"))
        }
    }

    package let region: String
    package let primaryID: UInt32
    private let entries: [UInt32: Entry]

    package var primary: Entry { entries[primaryID]! }

    /// The key that MACs the audit chain: from the keyring's first key, which rotation never replaces, so one
    /// key verifies the whole chain.
    package var chainKey: HMACKey { firstEntry.auditKey }
    /// Blind indexes and id secrets come from the first key too: rotation must not change them, or every
    /// index and id would need rebuilding.
    package var indexKey: HMACKey { firstEntry.indexKey }
    package var identityKey: HMACKey { firstEntry.identityKey }
    private let firstEntry: Entry

    /// A keyed check value of this keyring (16 bytes, from its first key, so rotation keeps it): a database
    /// records it to say which keyring it belongs to, and a copy of it reveals nothing of any key.
    package func checkValue(for purpose: String) throws -> [UInt8] {
        Array(try firstEntry.checkKey.authenticate(Array("piivault keyring check\0\(region)\0\(purpose)".utf8)).prefix(16))
    }
    package var keyIDs: [UInt32] { entries.keys.sorted() }

    init(region: String, primaryID: UInt32, entries: [Entry]) throws {
        self.region = region
        var byID: [UInt32: Entry] = [:]
        for entry in entries {
            guard byID[entry.id] == nil else { throw CryptoError.keyring("duplicate key id in the \(region) keyring") }
            byID[entry.id] = entry
        }
        guard byID[primaryID] != nil else { throw CryptoError.keyring("the \(region) keyring's primary key is missing") }
        self.primaryID = primaryID
        self.entries = byID
        firstEntry = entries.min { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }!
    }

    /// A new keyring with one fresh random key.
    package static func generate(region: String, now: Int64) throws -> Keyring {
        let entry = try Entry(id: try newKeyID(avoiding: []), createdAt: now, root: .random())
        return try Keyring(region: region, primaryID: entry.id, entries: [entry])
    }

    /// This keyring plus a fresh primary key; all older keys stay for decryption.
    package func rotated(now: Int64) throws -> Keyring {
        let entry = try Entry(id: try Self.newKeyID(avoiding: Set(entries.keys)), createdAt: now, root: .random())
        return try Keyring(region: region, primaryID: entry.id, entries: Array(entries.values) + [entry])
    }

    package func entry(id: UInt32) throws -> Entry {
        guard let entry = entries[id] else { throw CryptoError.unknownKey(id: id) }
        return entry
    }

    /// Seals under the primary key-encryption key.
    package func wrap(_ plaintext: [UInt8], authenticating aad: [UInt8]) throws -> [UInt8] {
        try VersionedCiphertext.seal(plaintext, keyID: primaryID, key: primary.wrappingKey, authenticating: aad)
    }

    /// Opens with whichever key-encryption key the header names.
    package func unwrap(_ ciphertext: [UInt8], authenticating aad: [UInt8]) throws -> [UInt8] {
        let id = try VersionedCiphertext.keyID(of: ciphertext)
        return try VersionedCiphertext.open(ciphertext, key: entry(id: id).wrappingKey, authenticating: aad)
    }

    var allEntries: [Entry] { entries.values.sorted { $0.id < $1.id } }

    private static func newKeyID(avoiding used: Set<UInt32>) throws -> UInt32 {
        while true {
            let id = try SecureRandom.uint32()
            if id != 0 && !used.contains(id) { return id }
        }
    }
}
