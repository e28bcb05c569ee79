import VaultCrypto

/// One line of a deletion ledger: a profile, an address or a data entry was deleted, in which region, for
/// which tenant, when. It names the record as the audit log does (a profile's or address's record id, a data
/// entry's keyed lookup hash: never a whole id, never a value), so a ledger reveals no more than the
/// database it protects already holds, and a tag keyed by the region's keyring authenticates every field:
/// a ledger forged or edited without the keyring cannot delete anything, nor move a deletion in time.
///
/// `deletion1 REGION KIND AT TENANT RECORD TAG`: AT in milliseconds since the epoch; RECORD the profile's
/// record id (`profile`), `PROFILE.ADDRESS` record ids (`address`), or the 16-byte lookup in hex (`data`);
/// TAG 16 bytes of HMAC-SHA-256 in hex.
package struct DeletionLedgerEntry: Sendable, Equatable, Hashable {
    package enum Kind: String, Sendable, CaseIterable {
        case profile, address, data
    }

    package let region: Region
    package let kind: Kind
    package let at: Int64
    package let tenant: String
    package let record: String
    let tag: [UInt8]

    static let tagByteCount = 16
    static let lookupByteCount = 16

    init(region: Region, kind: Kind, at: Int64, tenant: Tenant, record: String, key: HMACKey) throws {
        self.region = region
        self.kind = kind
        self.at = at
        self.tenant = tenant.name
        self.record = record
        tag = try Self.tag(key, region: region, kind: kind, at: at, tenant: tenant.name, record: record)
    }

    /// The line, newline included.
    package var line: String {
        "deletion1 \(region.code) \(kind.rawValue) \(at) \(tenant) \(record) \(Hex.encode(tag))\n"
    }

    /// Parses one line (without its newline); nil for anything that is not a well-formed ledger line. The tag
    /// is not checked here: only the holder of the region's keyring can (`isAuthentic`).
    package init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 7, fields[0] == "deletion1", let region = Region(code: String(fields[1])),
              let kind = Kind(rawValue: String(fields[2])), let at = Int64(fields[3]), at >= 0,
              Tenant(String(fields[4])) != nil, Self.isWellFormed(fields[5], kind: kind),
              let tag = Hex.decode(String(fields[6])), tag.count == Self.tagByteCount else { return nil }
        self.region = region
        self.kind = kind
        self.at = at
        tenant = String(fields[4])
        record = String(fields[5])
        self.tag = tag
    }

    package func isAuthentic(under key: HMACKey) throws -> Bool {
        ConstantTime.equals(tag, try Self.tag(key, region: region, kind: kind, at: at, tenant: tenant, record: record))
    }

    /// The profile and address record ids this line names (nil for a data entry).
    var recordIDs: (profile: ULID, address: ULID?)? {
        let parts = record.split(separator: ".")
        switch kind {
        case .profile: return ULID(string: record).map { ($0, nil) }
        case .address:
            guard parts.count == 2, let profile = ULID(string: String(parts[0])), let address = ULID(string: String(parts[1])) else { return nil }
            return (profile, address)
        case .data: return nil
        }
    }

    /// The data entry's lookup hash (nil for profiles and addresses).
    var lookup: [UInt8]? { kind == .data ? Hex.decode(record) : nil }

    private static func isWellFormed(_ record: Substring, kind: Kind) -> Bool {
        switch kind {
        case .profile:
            return ULID(string: String(record)) != nil
        case .address:
            let parts = record.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy { ULID(string: String($0)) != nil }
        case .data:
            return record.count == 2 * lookupByteCount && Hex.decode(String(record)) != nil
        }
    }

    private static func tag(_ key: HMACKey, region: Region, kind: Kind, at: Int64, tenant: String, record: String) throws -> [UInt8] {
        let message = Array("piivault deletion ledger\0\(region.code)\0\(kind.rawValue)\0\(at)\0\(tenant)\0\(record)".utf8)
        return Array(try key.authenticate(message).prefix(tagByteCount))
    }

    /// The key that tags a region's ledger lines: derived from the region keyring's index key (which
    /// rotation never replaces), under a label of its own, so it serves no other purpose.
    package static func key(for keyring: Keyring) throws -> HMACKey {
        try key(indexKey: keyring.indexKey, region: keyring.region)
    }

    static func key(for keyring: WatchedKeyring) throws -> HMACKey {
        try key(indexKey: keyring.indexKey, region: keyring.region)
    }

    private static func key(indexKey: HMACKey, region: String) throws -> HMACKey {
        var raw = try indexKey.authenticate(Array("piivault/v1/deletion-ledger\0\(region)".utf8))
        defer { SecureBytes.wipe(&raw) }
        return try HMACKey(SymmetricKey(copying: raw))
    }
}
