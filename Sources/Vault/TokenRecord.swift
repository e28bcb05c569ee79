import VaultCrypto

/// How a token's record is bound to where it lives: the associated data of its sealed value and the
/// keyed verifier of its secret half. Both name region, tenant and record id, so a row moved to another
/// id, tenant or region fails to open or to verify.
enum TokenRecord {
    static func associatedData(region: Region, tenant: Tenant, id: ULID) -> [UInt8] {
        Array("piivault/v1/token\0\(region.code)\0\(tenant.name)\0".utf8) + id.bytes
    }

    /// `key id (4) ‖ HMAC-SHA-256(token MAC key, binding ‖ id ‖ secret)`.
    static func verifier(keyring: Keyring, keyID: UInt32, region: Region, tenant: Tenant, token: Token) throws -> [UInt8] {
        let key = try keyring.entry(id: keyID).tokenMACKey
        let message = Array("piivault/v1/token-verifier\0\(region.code)\0\(tenant.name)\0".utf8)
            + token.id.bytes + token.secret.bytes
        let mac = try HMACSHA256.authenticate(message, using: key)
        return [UInt8(keyID >> 24), UInt8((keyID >> 16) & 0xff), UInt8((keyID >> 8) & 0xff), UInt8(keyID & 0xff)] + mac
    }

    /// Recomputes the verifier with the key the stored one names and compares in constant time.
    static func verify(_ stored: [UInt8], keyring: Keyring, region: Region, tenant: Tenant, token: Token) -> Bool {
        guard stored.count == 4 + HMACSHA256.byteCount else { return false }
        let keyID = UInt32(stored[0]) << 24 | UInt32(stored[1]) << 16 | UInt32(stored[2]) << 8 | UInt32(stored[3])
        guard let expected = try? verifier(keyring: keyring, keyID: keyID, region: region, tenant: tenant, token: token) else {
            return false
        }
        return ConstantTime.equals(expected, stored)
    }
}
