/// The ciphertext format used everywhere in the vault:
/// `version (1) ‖ key id (4, big-endian) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`.
/// The header says which key opens it, so keys rotate without breaking old data; the header is
/// authenticated together with the caller's associated data.
package enum VersionedCiphertext {
    package static let formatVersion: UInt8 = 1
    package static let headerByteCount = 5
    package static let overhead = headerByteCount + AESGCM.nonceByteCount + AESGCM.tagByteCount

    package static func seal(_ plaintext: [UInt8], keyID: UInt32, key: SymmetricKey,
                            authenticating aad: [UInt8]) throws -> [UInt8] {
        try AESGCM.seal(plaintext, using: key, header: header(keyID), authenticating: aad)
    }

    /// Seals with a reusable key; `nonce` must be fresh random bytes (or nil to draw them).
    package static func seal(_ plaintext: [UInt8], keyID: UInt32, key: AESGCMKey, nonce: [UInt8]? = nil,
                            authenticating aad: [UInt8]) throws -> [UInt8] {
        try key.seal(plaintext, nonce: nonce, header: header(keyID), authenticating: aad)
    }

    private static func header(_ keyID: UInt32) -> [UInt8] {
        [formatVersion, UInt8(keyID >> 24), UInt8((keyID >> 16) & 0xff), UInt8((keyID >> 8) & 0xff), UInt8(keyID & 0xff)]
    }

    /// The key id in the header, after checking the format version and minimum length.
    package static func keyID(of ciphertext: [UInt8]) throws -> UInt32 {
        try ciphertext.withUnsafeBytes { c in
            guard c.count >= overhead, c[0] == formatVersion else { throw CryptoError.malformedCiphertext }
            return UInt32(c[1]) << 24 | UInt32(c[2]) << 16 | UInt32(c[3]) << 8 | UInt32(c[4])
        }
    }

    package static func open(_ ciphertext: [UInt8], key: SymmetricKey,
                            authenticating aad: [UInt8]) throws -> [UInt8] {
        _ = try keyID(of: ciphertext)
        return try AESGCM.open(ciphertext, using: key, headerCount: headerByteCount, authenticating: aad)
    }

    package static func open(_ ciphertext: [UInt8], key: AESGCMKey, authenticating aad: [UInt8]) throws -> [UInt8] {
        _ = try keyID(of: ciphertext)
        return try key.open(ciphertext, headerCount: headerByteCount, authenticating: aad)
    }
}
