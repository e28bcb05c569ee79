internal import COpenSSL

/// AES-256-GCM through OpenSSL EVP. A sealed message is `nonce ‖ ciphertext ‖ tag`, optionally preceded by a
/// caller-chosen header that is authenticated as associated data too (so a header cannot be swapped).
public enum AESGCM {
    public static let nonceByteCount = 12
    public static let tagByteCount = 16

    /// Encrypts `plaintext` under `key` with a fresh random nonce (or the given one: tests only).
    /// Returns `header ‖ nonce ‖ ciphertext ‖ tag`; the associated data is `header ‖ aad`.
    public static func seal(
        _ plaintext: [UInt8], using key: SymmetricKey, nonce: [UInt8]? = nil,
        header: [UInt8] = [], authenticating aad: [UInt8] = []
    ) throws -> [UInt8] {
        let nonceBytes = try nonce ?? SecureRandom.bytes(nonceByteCount)
        guard nonceBytes.count == nonceByteCount else { throw CryptoError.invalidNonceLength }
        let ctx = try CipherContext()
        return try plaintext.withUnsafeBytes { pt in
            let total = header.count + nonceByteCount + pt.count + tagByteCount
            return try [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                initialized = 0
                let raw = UnsafeMutableRawBufferPointer(out)
                header.withUnsafeBytes { raw.copyMemory(from: $0) }
                nonceBytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[header.count...]).copyMemory(from: $0) }
                let ctOffset = header.count + nonceByteCount
                try key.withUnsafeBytes { k in
                    try initCipher(ctx, key: k, nonce: nonceBytes, encrypt: true)
                }
                try addAAD(ctx, header: header, aad: aad)
                var outLen: Int32 = 0
                let ctOut = out.baseAddress! + ctOffset
                if pt.count > 0 {
                    guard EVP_EncryptUpdate(ctx.pointer, ctOut, &outLen,
                                            pt.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                            Int32(pt.count)) == 1 else {
                        throw CryptoError.openSSL(operation: "EVP_EncryptUpdate")
                    }
                }
                var finalLen: Int32 = 0
                guard EVP_EncryptFinal_ex(ctx.pointer, ctOut + Int(outLen), &finalLen) == 1 else {
                    throw CryptoError.openSSL(operation: "EVP_EncryptFinal_ex")
                }
                let tagOut = out.baseAddress! + ctOffset + pt.count
                guard EVP_CIPHER_CTX_ctrl(ctx.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagByteCount), tagOut) == 1 else {
                    throw CryptoError.openSSL(operation: "EVP_CTRL_GCM_GET_TAG")
                }
                initialized = total
            }
        }
    }

    /// Opens `sealed` (as produced by `seal` with a header of `headerCount` bytes and the same `aad`).
    /// Any change to header, nonce, ciphertext, tag or associated data throws `authenticationFailure`.
    public static func open(
        _ sealed: [UInt8], using key: SymmetricKey, headerCount: Int = 0,
        authenticating aad: [UInt8] = []
    ) throws -> [UInt8] {
        try sealed.withUnsafeBytes { all in
            guard all.count >= headerCount + nonceByteCount + tagByteCount else { throw CryptoError.malformedCiphertext }
            let header = [UInt8](all[0..<headerCount])
            let nonce = [UInt8](all[headerCount..<(headerCount + nonceByteCount)])
            let ctStart = headerCount + nonceByteCount
            let ctCount = all.count - ctStart - tagByteCount
            var tag = [UInt8](all[(all.count - tagByteCount)...])
            let ctx = try CipherContext()
            try key.withUnsafeBytes { k in try initCipher(ctx, key: k, nonce: nonce, encrypt: false) }
            try addAAD(ctx, header: header, aad: aad)
            var plaintext = [UInt8](repeating: 0, count: ctCount)
            var outLen: Int32 = 0
            if ctCount > 0 {
                let ok = plaintext.withUnsafeMutableBufferPointer { out in
                    EVP_DecryptUpdate(ctx.pointer, out.baseAddress, &outLen,
                                      (all.baseAddress! + ctStart).assumingMemoryBound(to: UInt8.self),
                                      Int32(ctCount))
                }
                guard ok == 1 else { throw CryptoError.openSSL(operation: "EVP_DecryptUpdate") }
            }
            guard EVP_CIPHER_CTX_ctrl(ctx.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagByteCount), &tag) == 1 else {
                throw CryptoError.openSSL(operation: "EVP_CTRL_GCM_SET_TAG")
            }
            var finalLen: Int32 = 0
            let verified = plaintext.withUnsafeMutableBufferPointer { out in
                EVP_DecryptFinal_ex(ctx.pointer, out.baseAddress! + Int(outLen), &finalLen)
            }
            guard verified == 1 else {
                // Never hand out unauthenticated plaintext, not even in memory we free.
                SecureBytes.wipe(&plaintext)
                ERR_clear_error()
                throw CryptoError.authenticationFailure
            }
            return plaintext
        }
    }

    private static func initCipher(_ ctx: CipherContext, key: UnsafeRawBufferPointer, nonce: [UInt8],
                                   encrypt: Bool) throws {
        guard key.count == SymmetricKey.byteCount else {
            throw CryptoError.invalidKeyLength(expected: SymmetricKey.byteCount, actual: key.count)
        }
        guard let cipher = FetchedCipher.aes256GCM.pointer else {
            throw CryptoError.openSSL(operation: "EVP_CIPHER_fetch")
        }
        let keyPointer = key.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let status = encrypt
            ? EVP_EncryptInit_ex2(ctx.pointer, cipher, keyPointer, nonce, nil)
            : EVP_DecryptInit_ex2(ctx.pointer, cipher, keyPointer, nonce, nil)
        guard status == 1 else { throw CryptoError.openSSL(operation: "EVP_CipherInit_ex2") }
    }

    private static func addAAD(_ ctx: CipherContext, header: [UInt8], aad: [UInt8]) throws {
        var outLen: Int32 = 0
        if !header.isEmpty {
            guard EVP_CipherUpdate(ctx.pointer, nil, &outLen, header, Int32(header.count)) == 1 else {
                throw CryptoError.openSSL(operation: "EVP_CipherUpdate(aad)")
            }
        }
        try aad.withUnsafeBytes { a in
            guard a.count > 0 else { return }
            guard EVP_CipherUpdate(ctx.pointer, nil, &outLen, a.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                   Int32(a.count)) == 1 else {
                throw CryptoError.openSSL(operation: "EVP_CipherUpdate(aad)")
            }
        }
    }
}
