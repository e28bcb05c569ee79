internal import COpenSSL

/// An HMAC-SHA-256 key set up once: each message duplicates the keyed context instead of fetching the
/// algorithm and hashing the key again. The template context is never changed after init, so concurrent
/// duplication is safe.
package final class HMACKey: @unchecked Sendable {
    private let template: OpaquePointer

    package init(_ key: SymmetricKey) throws {
        let ctx = key.withUnsafeBytes { raw in
            piivault_hmac_sha256_new(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), raw.count)
        }
        guard let ctx else { throw CryptoError.openSSL(operation: "EVP_MAC_init") }
        template = ctx
    }

    deinit { EVP_MAC_CTX_free(template) }

    /// HMAC over the concatenation of `parts`.
    package func authenticate(_ parts: [UInt8]...) throws -> [UInt8] {
        guard let ctx = EVP_MAC_CTX_dup(template) else { throw CryptoError.openSSL(operation: "EVP_MAC_CTX_dup") }
        defer { EVP_MAC_CTX_free(ctx) }
        for part in parts where !part.isEmpty {
            let ok = part.withUnsafeBufferPointer { EVP_MAC_update(ctx, $0.baseAddress, $0.count) }
            guard ok == 1 else { throw CryptoError.openSSL(operation: "EVP_MAC_update") }
        }
        var out = [UInt8](repeating: 0, count: HMACSHA256.byteCount)
        var length = 0
        let ok = out.withUnsafeMutableBufferPointer { EVP_MAC_final(ctx, $0.baseAddress, &length, $0.count) }
        guard ok == 1, length == HMACSHA256.byteCount else { throw CryptoError.openSSL(operation: "EVP_MAC_final") }
        return out
    }
}
