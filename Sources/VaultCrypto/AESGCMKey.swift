import Locking

/// An AES-256-GCM key that seals and opens many messages: it keeps keyed OpenSSL contexts in small pools,
/// so each message pays for its nonce and data, not for the key schedule and GHASH set-up.
package final class AESGCMKey: Sendable {
    package let key: SymmetricKey
    private let sealers = Locked<[CipherContext]>([])
    private let openers = Locked<[CipherContext]>([])
    private let poolLimit = 8

    package init(_ key: SymmetricKey) { self.key = key }

    /// As `AESGCM.seal`; `nonce` must be fresh random bytes, or nil to draw them here.
    package func seal(_ plaintext: [UInt8], nonce: [UInt8]? = nil, header: [UInt8] = [],
                     authenticating aad: [UInt8] = []) throws -> [UInt8] {
        let context = try sealers.withLock { $0.popLast() } ?? CipherContext(key: key, encrypt: true)
        defer { give(context, back: sealers) }
        return try AESGCM.seal(plaintext, context: context, nonce: nonce, header: header, authenticating: aad)
    }

    package func open(_ sealed: [UInt8], headerCount: Int = 0, authenticating aad: [UInt8] = []) throws -> [UInt8] {
        let context = try openers.withLock { $0.popLast() } ?? CipherContext(key: key, encrypt: false)
        defer { give(context, back: openers) }
        return try AESGCM.open(sealed, context: context, headerCount: headerCount, authenticating: aad)
    }

    private func give(_ context: CipherContext, back pool: Locked<[CipherContext]>) {
        pool.withLock { contexts in
            if contexts.count < poolLimit { contexts.append(context) }
        }
    }
}
