import VaultCrypto

/// What a token or id names: a tokenized value, a profile, an address or a data entry.
package enum RecordKind: Sendable, Hashable {
    case value
    case profile
    case address
    case data
}

/// The secret half of profile and address ids. A tokenized value's secret is random and kept only by the
/// caller; a profile's must be known to the vault too (lists show ids), so it is derived:
/// `HMAC(identity key, region ‖ tenant ‖ record id)`, bytes 0-9 for a profile, 10-19 for an address. The
/// database stores neither, so a copy of it rebuilds no id, and an id shown to another tenant does not
/// match. One HMAC also tells the kind of any token: a random secret matches a derived one with
/// probability 2^-80.
struct RecordIdentity: Sendable {
    let region: Region
    let key: HMACKey

    func token(for id: ULID, kind: RecordKind, tenant: Tenant) throws -> Token {
        let derived = try secrets(for: id, tenant: tenant)
        return Token(region: region, id: id, secret: kind == .address ? derived.address : derived.profile)
    }

    func kind(of token: Token, tenant: Tenant) throws -> RecordKind {
        let derived = try secrets(for: token.id, tenant: tenant)
        let presented = token.secret.bytes
        // Both comparisons always run, in constant time: the answer's timing says nothing of either.
        let isProfile = ConstantTime.equals(presented, derived.profile.bytes)
        let isAddress = ConstantTime.equals(presented, derived.address.bytes)
        return isProfile ? .profile : isAddress ? .address : .value
    }

    private func secrets(for id: ULID, tenant: Tenant) throws -> (profile: ULID, address: ULID) {
        let mac = try key.authenticate(Array("id\0\(region.code)\0\(tenant.name)\0".utf8), id.bytes)
        let profile = mac.withUnsafeBytes { ULID(timestamp: id.timestamp, randomness: UnsafeRawBufferPointer(rebasing: $0[0..<10])) }
        let address = mac.withUnsafeBytes { ULID(timestamp: id.timestamp, randomness: UnsafeRawBufferPointer(rebasing: $0[10..<20])) }
        return (profile, address)
    }
}
