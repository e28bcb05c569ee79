import VaultCrypto

/// Keyed blind indexes over profile fields (the CipherSweet approach): the database holds HMACs of
/// normalized text under a region's index key, never the text, and the vault finds candidates by
/// recomputing them, then confirms each by decrypting.
///
/// - Exact e-mail: 16 bytes of `HMAC(index key, "email" ‖ tenant ‖ lower-cased e-mail)`; unique per tenant.
/// - Partial match: every 3-scalar window of a normalized field, hashed with the field and tenant and
///   truncated to 16 bits. Truncation is deliberate: each bucket mixes many unrelated trigrams, so the
///   buckets a profile falls in say little about its text, while an intersection of a few buckets still
///   narrows a search to a handful of candidates.
struct BlindIndex: Sendable {
    static let gramLength = 3
    static let emailIndexByteCount = 16

    let key: HMACKey

    func email(_ email: String, tenant: Tenant) throws -> [UInt8] {
        let normalized = Array(email.lowercased().utf8)
        return Array(try key.authenticate(Array("email\0\(tenant.name)\0".utf8), normalized).prefix(Self.emailIndexByteCount))
    }

    /// Every gram of every searchable field of `fields`, encoded as `field << 16 | bucket`.
    func grams(of fields: ProfileFields, tenant: Tenant) throws -> Set<Int64> {
        var out = Set<Int64>()
        for field in SearchField.allCases {
            guard let text = field.value(in: fields) else { continue }
            out.formUnion(try grams(of: field.normalized(text), field: field, tenant: tenant))
        }
        return out
    }

    /// The distinct grams of one normalized text.
    func grams(of scalars: [Unicode.Scalar], field: SearchField, tenant: Tenant) throws -> Set<Int64> {
        guard scalars.count >= Self.gramLength else { return [] }
        let prefix = Array("gram\0\(field.rawValue)\0\(tenant.name)\0".utf8)
        var seen = Set<String>()
        var out = Set<Int64>()
        for start in 0...(scalars.count - Self.gramLength) {
            var gram = ""
            gram.unicodeScalars.append(contentsOf: scalars[start..<(start + Self.gramLength)])
            guard seen.insert(gram).inserted else { continue }
            let mac = try key.authenticate(prefix, Array(gram.utf8))
            out.insert(field.rawValue << 16 | Int64(mac[0]) << 8 | Int64(mac[1]))
        }
        return out
    }

    /// Identifies an address among its profile's addresses: equal fields, equal fingerprint. Keyed and
    /// bound to the profile, so it says nothing across profiles.
    func fingerprint(of fields: AddressFields, tenant: Tenant, profile: ULID) throws -> [UInt8] {
        Array(try key.authenticate(Array("address\0\(tenant.name)\0".utf8), profile.bytes,
                                   fields.canonicalBytes).prefix(16))
    }
}
