/// One region's root secrets. The primary (newest) key encrypts; every live key decrypts, so rotation never
/// strands old data. A key is retired (its secret removed) only once nothing is wrapped under it any more;
/// what it wrapped in an older copy of the database (a backup) then opens no more. Keys are never changed in
/// place and the primary cannot be retired.
/// A root secret is never used directly: purpose-bound subkeys are derived from it (see `KeyringDerivation`
/// for those derived once for the whole keyring).
package struct Keyring: Sendable {
    package struct Entry: Sendable {
        package let id: UInt32
        package let createdAt: Int64
        let root: SymmetricKey
        /// Wraps data keys (envelope encryption).
        package let keyEncryptionKey: SymmetricKey
        /// The same key with reusable cipher contexts: every profile read unwraps a key.
        let wrappingKey: AESGCMKey

        init(id: UInt32, createdAt: Int64, root: SymmetricKey) throws {
            self.id = id
            self.createdAt = createdAt
            self.root = root
            keyEncryptionKey = try HMACSHA256.deriveKey(from: root, label: "kek")
            wrappingKey = AESGCMKey(keyEncryptionKey)
        }
    }

    /// A key whose secret is gone: its id and dates stay, so status can list it, a ciphertext naming it is
    /// reported as wrapped under a retired key, and its id is never drawn again.
    package struct RetiredKey: Sendable, Equatable {
        package let id: UInt32
        package let createdAt: Int64
        package let retiredAt: Int64
    }

    package let region: String
    package let primaryID: UInt32
    private let entries: [UInt32: Entry]
    /// Retired keys, by id.
    package let retired: [RetiredKey]
    let derivation: KeyringDerivation

    package var primary: Entry { entries[primaryID]! }

    /// The key that MACs the audit chain: one key verifies the whole chain, whatever rotated since.
    package var chainKey: HMACKey { derivation.auditKey }
    /// Blind indexes and id secrets: rotation must not change them, or every index and id would need rebuilding.
    package var indexKey: HMACKey { derivation.indexKey }
    package var identityKey: HMACKey { derivation.identityKey }

    /// A keyed check value of this keyring (16 bytes, from its derivation, so rotation and retirement keep
    /// it): a database records it to say which keyring it belongs to, and a copy of it reveals nothing of any key.
    package func checkValue(for purpose: String) throws -> [UInt8] {
        Array(try derivation.checkKey.authenticate(Array("piivault keyring check\0\(region)\0\(purpose)".utf8)).prefix(16))
    }

    /// Ids of the live keys (those that still open what they wrapped).
    package var keyIDs: [UInt32] { entries.keys.sorted() }
    var allEntries: [Entry] { entries.values.sorted { $0.id < $1.id } }

    /// `derivation` nil: derived from the oldest live key, as a keyring that never retired its first key is.
    init(region: String, primaryID: UInt32, entries: [Entry], retired: [RetiredKey] = [],
         derivation: KeyringDerivation? = nil) throws {
        self.region = region
        var byID: [UInt32: Entry] = [:]
        for entry in entries {
            guard byID[entry.id] == nil else { throw CryptoError.keyring("duplicate key id in the \(region) keyring") }
            byID[entry.id] = entry
        }
        guard byID[primaryID] != nil else { throw CryptoError.keyring("the \(region) keyring's primary key is missing") }
        guard Set(retired.map(\.id)).count == retired.count, retired.allSatisfy({ byID[$0.id] == nil }) else {
            throw CryptoError.keyring("the \(region) keyring lists a key both live and retired, or retired twice")
        }
        self.primaryID = primaryID
        self.entries = byID
        self.retired = retired.sorted { $0.id < $1.id }
        if let derivation {
            self.derivation = derivation
        } else {
            let first = entries.min { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }!
            // Without stored subkeys they come from the oldest key: it must not be a retired one.
            guard !retired.contains(where: { ($0.createdAt, $0.id) < (first.createdAt, first.id) }) else {
                throw CryptoError.keyring("the \(region) keyring retired its first key but lacks the keys derived from it")
            }
            self.derivation = try KeyringDerivation(rootID: first.id, root: first.root)
        }
    }

    /// A new keyring with one fresh random key.
    package static func generate(region: String, now: Int64) throws -> Keyring {
        let entry = try Entry(id: try newKeyID(avoiding: []), createdAt: now, root: .random())
        return try Keyring(region: region, primaryID: entry.id, entries: [entry])
    }

    /// This keyring plus a fresh primary key; all older keys stay for decryption. A retired key's id is
    /// never drawn again.
    package func rotated(now: Int64) throws -> Keyring {
        let used = Set(entries.keys).union(retired.map(\.id))
        // Strictly newer than every key: the first key (which the derived keys come from, and a file without a
        // `derived` line names only by being the oldest) must stay the oldest, even when rotated within the
        // second the keyring was made.
        let newest = (entries.values.map(\.createdAt) + retired.map(\.createdAt)).max() ?? now
        let entry = try Entry(id: try Self.newKeyID(avoiding: used), createdAt: max(now, newest + 1), root: .random())
        return try Keyring(region: region, primaryID: entry.id, entries: Array(entries.values) + [entry],
                           retired: retired, derivation: derivation)
    }

    /// This keyring without key `id`'s secret. The caller has made sure nothing is wrapped under it any more.
    package func retiring(_ id: UInt32, now: Int64) throws -> Keyring {
        guard id != primaryID else {
            throw CryptoError.keyring("key \(Hex.encode(id)) is the \(region) keyring's primary: it can never be retired")
        }
        guard let entry = entries[id] else {
            if retired.contains(where: { $0.id == id }) {
                throw CryptoError.keyring("key \(Hex.encode(id)) of the \(region) keyring is retired already")
            }
            throw CryptoError.keyring("the \(region) keyring has no key \(Hex.encode(id)) (see `piivault keys status`)")
        }
        return try Keyring(region: region, primaryID: primaryID, entries: entries.values.filter { $0.id != id },
                           retired: retired + [RetiredKey(id: id, createdAt: entry.createdAt, retiredAt: now)],
                           derivation: derivation)
    }

    package func entry(id: UInt32) throws -> Entry {
        guard let entry = entries[id] else { throw isRetired(id) ? CryptoError.retiredKey(id: id) : CryptoError.unknownKey(id: id) }
        return entry
    }

    package func isRetired(_ id: UInt32) -> Bool { retired.contains { $0.id == id } }

    /// Whether `other` is this keyring as another version of its file (rotated or retired since): same
    /// region, same derived keys.
    package func isSameKeyring(as other: Keyring) throws -> Bool {
        try region == other.region && ConstantTime.equals(checkValue(for: "same keyring"), other.checkValue(for: "same keyring"))
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

    /// `ciphertext` opened and sealed again under the primary key with the same associated data; nil when it
    /// is under the primary already.
    package func rewrap(_ ciphertext: [UInt8], authenticating aad: [UInt8]) throws -> [UInt8]? {
        guard try VersionedCiphertext.keyID(of: ciphertext) != primaryID else { return nil }
        var plaintext = try unwrap(ciphertext, authenticating: aad)
        defer { SecureBytes.wipe(&plaintext) }
        return try wrap(plaintext, authenticating: aad)
    }

    private static func newKeyID(avoiding used: Set<UInt32>) throws -> UInt32 {
        while true {
            let id = try SecureRandom.uint32()
            if id != 0 && !used.contains(id) { return id }
        }
    }
}
