internal import COpenSSL

/// Owns one `EVP_CIPHER_CTX` and frees it on deinit. Not shared between threads.
final class CipherContext {
    let pointer: OpaquePointer

    init() throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL(operation: "EVP_CIPHER_CTX_new") }
        pointer = ctx
    }

    deinit { EVP_CIPHER_CTX_free(pointer) }
}

/// The AES-256-GCM implementation, fetched from the default provider once per process
/// (an implicit fetch on every init would cost a provider lookup per message).
struct FetchedCipher: @unchecked Sendable {
    let pointer: OpaquePointer?
    static let aes256GCM = FetchedCipher(pointer: EVP_CIPHER_fetch(nil, "AES-256-GCM", nil))
}
