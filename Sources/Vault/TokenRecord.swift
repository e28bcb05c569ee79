import VaultCrypto

/// How a token's record is bound to where it lives: the associated data of its sealed value and the
/// keyed verifier of its secret half. Both name region, tenant and record id, so a row moved to another
/// id, tenant or region fails to open or to verify.
struct TokenRecord {
    /// `region ‖ 0 ‖ tenant ‖ 0`, computed once per request and shared by its records.
    let binding: [UInt8]
    private let verifierPrefix: [UInt8]

    init(region: Region, tenant: Tenant) {
        binding = Array(region.code.utf8) + [0] + Array(tenant.name.utf8) + [0]
        verifierPrefix = Self.verifierLabel + binding
    }

    private static let sealedLabel = Array("piivault/v1/token\0".utf8)
    private static let verifierLabel = Array("piivault/v1/token-verifier\0".utf8)

    func associatedData(id: [UInt8]) -> [UInt8] {
        var aad = Self.sealedLabel
        aad.reserveCapacity(aad.count + binding.count + id.count)
        aad += binding
        aad += id
        return aad
    }

    /// `key id (4) ‖ HMAC-SHA-256(token MAC key, label ‖ binding ‖ id ‖ secret)`.
    func verifier(keyring: Keyring, keyID: UInt32, id: [UInt8], secret: [UInt8]) throws -> [UInt8] {
        var message = verifierPrefix
        message.reserveCapacity(message.count + id.count + secret.count)
        message += id
        message += secret
        let mac = try keyring.entry(id: keyID).tokenMAC.authenticate(message)
        return [UInt8(keyID >> 24), UInt8((keyID >> 16) & 0xff), UInt8((keyID >> 8) & 0xff), UInt8(keyID & 0xff)] + mac
    }

    /// Recomputes the verifier with the key the stored one names and compares in constant time.
    func verify(_ stored: [UInt8], keyring: Keyring, id: [UInt8], secret: [UInt8]) -> Bool {
        guard stored.count == 4 + HMACSHA256.byteCount else { return false }
        let keyID = UInt32(stored[0]) << 24 | UInt32(stored[1]) << 16 | UInt32(stored[2]) << 8 | UInt32(stored[3])
        guard let expected = try? verifier(keyring: keyring, keyID: keyID, id: id, secret: secret) else {
            return false
        }
        return ConstantTime.equals(expected, stored)
    }
}
