internal import COpenSSL

/// HMAC-SHA-256, used for token verifiers and for deriving purpose-bound subkeys from a root secret.
package enum HMACSHA256 {
    package static let byteCount = 32

    package static func authenticate(_ message: [UInt8], using key: SymmetricKey) throws -> [UInt8] {
        try key.withUnsafeBytes { k in try mac(message, key: k) }
    }

    static func mac(_ message: [UInt8], key: UnsafeRawBufferPointer) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        var outLen: UInt32 = 0
        let ok = message.withUnsafeBytes { m in
            out.withUnsafeMutableBufferPointer { o in
                HMAC(EVP_sha256(), key.baseAddress, Int32(key.count),
                     m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, o.baseAddress, &outLen)
            }
        }
        guard ok != nil, outLen == UInt32(byteCount) else { throw CryptoError.openSSL(operation: "HMAC") }
        return out
    }

    /// A subkey for one purpose (HKDF-Expand with a single block: the root is already uniformly random).
    package static func deriveKey(from root: SymmetricKey, label: String) throws -> SymmetricKey {
        var info = Array("piivault/v1/\(label)".utf8)
        info.append(0x01)
        var derived = try authenticate(info, using: root)
        defer { SecureBytes.wipe(&derived) }
        return try SymmetricKey(copying: derived)
    }
}
