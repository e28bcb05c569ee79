/// Errors of the crypto layer. None carries key bytes, plaintext or ciphertext: only what went wrong.
package enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A key had the wrong length for the algorithm.
    case invalidKeyLength(expected: Int, actual: Int)
    /// A nonce had the wrong length.
    case invalidNonceLength
    /// A ciphertext was too short, had an unknown format version, or named no key of the keyring.
    case malformedCiphertext
    /// The keyring holds no key with the ciphertext's key id.
    case unknownKey(id: UInt32)
    /// The ciphertext names a key the keyring has retired: what it wrapped is gone for good.
    case retiredKey(id: UInt32)
    /// Authentication failed: wrong key, wrong associated data, or a modified ciphertext.
    case authenticationFailure
    /// OpenSSL reported a failure in the named operation.
    case openSSL(operation: String)
    /// The CSPRNG could not produce bytes.
    case randomUnavailable
    /// A keyring file is missing, malformed or unsafe; the message names the file, never its contents.
    case keyring(String)
    /// No keyring file at `path`.
    case missingKeyring(path: String, keysDirectory: String)

    package var description: String {
        switch self {
        case .invalidKeyLength(let expected, let actual): "invalid key length \(actual), expected \(expected)"
        case .invalidNonceLength: "invalid nonce length"
        case .malformedCiphertext: "malformed ciphertext"
        case .unknownKey(let id): "no key with id \(Hex.encode(id)) in the keyring"
        case .retiredKey(let id): "key \(Hex.encode(id)) of the keyring is retired"
        case .authenticationFailure: "authentication failure"
        case .openSSL(let operation): "OpenSSL failure in \(operation)"
        case .randomUnavailable: "random bytes unavailable"
        case .keyring(let message): message
        case .missingKeyring(let path, let keysDirectory):
            "keyring \(path) is missing: run `piivault keys init --keys-dir \(keysDirectory)`"
        }
    }
}
