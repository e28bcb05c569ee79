import VaultCrypto

/// An API key as stored: never its secret, only a hash of it.
package struct APIKey: Sendable, Equatable {
    package let id: String
    package let tenant: Tenant
    package let name: String
    package let scopes: Set<Scope>
    package let createdAt: Int64
    package let expiresAt: Int64?
    package let revokedAt: Int64?
    package let lastUsedAt: Int64?
    /// The key's tenant's default region (where its new data goes without `Residency-Region`); nil when the
    /// tenant has none and the serving node's default applies.
    package let defaultRegion: Region?
    /// The key's tenant's `crossRegionReads`: false, a node of another region must not reveal its data.
    package let crossRegionReads: Bool

    package init(id: String, tenant: Tenant, name: String, scopes: Set<Scope>, createdAt: Int64, expiresAt: Int64?,
                 revokedAt: Int64?, lastUsedAt: Int64?, defaultRegion: Region?, crossRegionReads: Bool = true) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.defaultRegion = defaultRegion
        self.crossRegionReads = crossRegionReads
    }

    /// Not revoked, and not expired: a key that expires is also taken as expired while its creation time
    /// lies ahead of the clock (made while the clock ran ahead, it would outlive its lifetime).
    package func isUsable(at now: Int64) -> Bool {
        revokedAt == nil && (expiresAt.map { ClockSkew.isLive(issuedAt: createdAt, expiresAt: $0, now: now) } ?? true)
    }
}

/// The secret form: `pvk_<key id>_<43 characters>`. The `pvk_` prefix lets secret scanners spot a leaked
/// key; the id lets the vault find the key without scanning; the last part is 256 bits from the CSPRNG.
enum APIKeySecret {
    static let prefix = "pvk_"

    static func generate() throws -> (id: String, secret: String) {
        let id = Hex.encode(try SecureRandom.bytes(8))
        var random = try SecureRandom.bytes(32)
        defer { SecureBytes.wipe(&random) }
        return (id, prefix + id + "_" + base64URL(random))
    }

    /// The key id inside a well-formed secret.
    static func keyID(of secret: String) -> String? {
        let utf8 = Array(secret.utf8)
        // "pvk_" (4) + id (16 hex) + "_" (1) + secret (43 base64url, which may itself contain "_").
        guard utf8.count == 64, secret.hasPrefix(prefix), utf8[20] == UInt8(ascii: "_") else { return nil }
        let id = utf8[4..<20]
        guard id.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        return String(decoding: id, as: UTF8.self)
    }

    static func hash(_ secret: String) -> [UInt8] { SHA256.hash(Array(secret.utf8)) }


    private static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest > 1 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int((n >> 18) & 63)])
            out.append(alphabet[Int((n >> 12) & 63)])
            if rest > 1 { out.append(alphabet[Int((n >> 6) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
