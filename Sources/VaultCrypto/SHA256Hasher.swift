internal import COpenSSL

/// SHA-256 fed in pieces, through OpenSSL EVP: a backup's files are checksummed while they are copied,
/// without holding a whole database in memory.
package final class SHA256Hasher {
    private let context: OpaquePointer

    package init() throws {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.openSSL(operation: "EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw CryptoError.openSSL(operation: "EVP_DigestInit_ex")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    package func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            throw CryptoError.openSSL(operation: "EVP_DigestUpdate")
        }
    }

    /// The digest of everything fed so far; the hasher is spent afterwards.
    package func finish() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard ok == 1, length == UInt32(SHA256.byteCount) else { throw CryptoError.openSSL(operation: "EVP_DigestFinal_ex") }
        return out
    }
}
