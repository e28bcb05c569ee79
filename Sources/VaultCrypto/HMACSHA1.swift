internal import COpenSSL

/// HMAC-SHA-1, for verifying what a third party signs with it (Twilio's `X-Twilio-Signature`). Not for
/// anything of ours: our own MACs are HMAC-SHA-256 (`HMACKey`, `HMACSHA256`).
package enum HMACSHA1 {
    package static let byteCount = 20

    /// The MAC of `message` under `key` (any length; RFC 2104 hashes a key longer than a block first).
    package static func authenticate(_ message: [UInt8], key: SecureBytes) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha1(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count,
                         o.baseAddress, &length)
                }
            }
        }
        guard ok != nil, length == UInt32(byteCount) else { throw CryptoError.openSSL(operation: "HMAC(SHA-1)") }
        return out
    }
}
