internal import COpenSSL

/// AES-256-GCM through OpenSSL EVP. A sealed message is `nonce ‖ ciphertext ‖ tag`, optionally preceded by a
/// caller-chosen header that is authenticated as associated data too (so a header cannot be swapped).
///
/// These one-shot functions key a fresh context per call; `AESGCMKey` keeps keyed contexts for keys that
/// seal or open many messages.
package enum AESGCM {
    package static let nonceByteCount = 12
    package static let tagByteCount = 16

    /// Encrypts `plaintext` under `key` with a fresh random nonce (or the given one, which must be fresh
    /// random bytes too: a nonce reused under one key breaks GCM).
    /// Returns `header ‖ nonce ‖ ciphertext ‖ tag`; the associated data is `header ‖ aad`.
    package static func seal(
        _ plaintext: [UInt8], using key: SymmetricKey, nonce: [UInt8]? = nil,
        header: [UInt8] = [], authenticating aad: [UInt8] = []
    ) throws -> [UInt8] {
        try seal(plaintext, context: CipherContext(key: key, encrypt: true), nonce: nonce, header: header,
                 authenticating: aad)
    }

    /// Opens `sealed` (as produced by `seal` with a header of `headerCount` bytes and the same `aad`).
    /// Any change to header, nonce, ciphertext, tag or associated data throws `authenticationFailure`.
    package static func open(
        _ sealed: [UInt8], using key: SymmetricKey, headerCount: Int = 0, authenticating aad: [UInt8] = []
    ) throws -> [UInt8] {
        try open(sealed, context: CipherContext(key: key, encrypt: false), headerCount: headerCount,
                 authenticating: aad)
    }

    static func seal(_ plaintext: [UInt8], context ctx: CipherContext, nonce: [UInt8]?, header: [UInt8],
                     authenticating aad: [UInt8]) throws -> [UInt8] {
        let nonceBytes = try nonce ?? SecureRandom.bytes(nonceByteCount)
        guard nonceBytes.count == nonceByteCount else { throw CryptoError.invalidNonceLength }
        return try plaintext.withUnsafeBytes { pt in
            let total = header.count + nonceByteCount + pt.count + tagByteCount
            return try [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                initialized = 0
                let raw = UnsafeMutableRawBufferPointer(out)
                header.withUnsafeBytes { raw.copyMemory(from: $0) }
                nonceBytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[header.count...]).copyMemory(from: $0) }
                try nonceBytes.withUnsafeBytes { try ctx.start(nonce: $0) }
                try header.withUnsafeBytes { try addAAD(ctx, $0) }
                try aad.withUnsafeBytes { try addAAD(ctx, $0) }
                let ctOut = out.baseAddress! + header.count + nonceByteCount
                var outLen: Int32 = 0
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
                guard EVP_CIPHER_CTX_ctrl(ctx.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagByteCount), ctOut + pt.count) == 1 else {
                    throw CryptoError.openSSL(operation: "EVP_CTRL_GCM_GET_TAG")
                }
                initialized = total
            }
        }
    }

    static func open(_ sealed: [UInt8], context ctx: CipherContext, headerCount: Int,
                     authenticating aad: [UInt8]) throws -> [UInt8] {
        try sealed.withUnsafeBytes { all in
            guard all.count >= headerCount + nonceByteCount + tagByteCount else { throw CryptoError.malformedCiphertext }
            let ctStart = headerCount + nonceByteCount
            let ctCount = all.count - ctStart - tagByteCount
            try ctx.start(nonce: UnsafeRawBufferPointer(rebasing: all[headerCount..<ctStart]))
            try addAAD(ctx, UnsafeRawBufferPointer(rebasing: all[0..<headerCount]))
            try aad.withUnsafeBytes { try addAAD(ctx, $0) }
            var plaintext = [UInt8](repeating: 0, count: ctCount)
            var outLen: Int32 = 0
            if ctCount > 0 {
                let ok = plaintext.withUnsafeMutableBufferPointer { out in
                    EVP_DecryptUpdate(ctx.pointer, out.baseAddress, &outLen,
                                      (all.baseAddress! + ctStart).assumingMemoryBound(to: UInt8.self), Int32(ctCount))
                }
                guard ok == 1 else { throw CryptoError.openSSL(operation: "EVP_DecryptUpdate") }
            }
            // SET_TAG copies the tag into the context; OpenSSL's prototype just lacks the const.
            let tag = UnsafeMutableRawPointer(mutating: all.baseAddress! + (all.count - tagByteCount))
            guard EVP_CIPHER_CTX_ctrl(ctx.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagByteCount), tag) == 1 else {
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

    /// Authenticates `part` (the ciphertext's header, then the caller's associated data) without encrypting it.
    private static func addAAD(_ ctx: CipherContext, _ part: UnsafeRawBufferPointer) throws {
        guard let base = part.baseAddress, part.count > 0 else { return }
        var outLen: Int32 = 0
        guard EVP_CipherUpdate(ctx.pointer, nil, &outLen, base.assumingMemoryBound(to: UInt8.self), Int32(part.count)) == 1 else {
            throw CryptoError.openSSL(operation: "EVP_CipherUpdate(aad)")
        }
    }
}
