internal import COpenSSL

/// Owns one `EVP_CIPHER_CTX` and frees it on deinit. Used by one thread at a time (pools hand it out).
final class CipherContext: @unchecked Sendable {
    let pointer: OpaquePointer
    let encrypts: Bool

    /// A context keyed for AES-256-GCM in one direction. The key schedule and GHASH tables are computed
    /// here, once; each message then only sets its nonce.
    init(key: SymmetricKey, encrypt: Bool) throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL(operation: "EVP_CIPHER_CTX_new") }
        pointer = ctx
        encrypts = encrypt
        guard let cipher = FetchedCipher.aes256GCM.pointer else { throw CryptoError.openSSL(operation: "EVP_CIPHER_fetch") }
        let status = key.withUnsafeBytes { k in
            let keyPointer = k.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return encrypt ? EVP_EncryptInit_ex2(ctx, cipher, keyPointer, nil, nil)
                           : EVP_DecryptInit_ex2(ctx, cipher, keyPointer, nil, nil)
        }
        guard status == 1 else { throw CryptoError.openSSL(operation: "EVP_CipherInit_ex2") }
    }

    /// Starts a new message under the same key.
    func start(nonce: UnsafeRawBufferPointer) throws {
        let iv = nonce.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let status = encrypts ? EVP_EncryptInit_ex2(pointer, nil, nil, iv, nil)
                              : EVP_DecryptInit_ex2(pointer, nil, nil, iv, nil)
        guard status == 1 else { throw CryptoError.openSSL(operation: "EVP_CipherInit_ex2(iv)") }
    }

    deinit { EVP_CIPHER_CTX_free(pointer) }
}

/// The AES-256-GCM implementation, fetched from the default provider once per process
/// (an implicit fetch on every init would cost a provider lookup per message).
struct FetchedCipher: @unchecked Sendable {
    let pointer: OpaquePointer?
    static let aes256GCM = FetchedCipher(pointer: EVP_CIPHER_fetch(nil, "AES-256-GCM", nil))
}
