/// A 256-bit key whose bytes live in `SecureBytes` and are wiped when released.
package struct SymmetricKey: Sendable {
    package static let byteCount = 32
    let bytes: SecureBytes

    /// A new random key from OpenSSL's CSPRNG.
    package static func random() throws -> SymmetricKey {
        SymmetricKey(unchecked: try SecureBytes(count: byteCount) { try SecureRandom.fill($0) })
    }

    /// A key from existing bytes; they must be exactly 32.
    package init(bytes: SecureBytes) throws {
        guard bytes.count == Self.byteCount else {
            throw CryptoError.invalidKeyLength(expected: Self.byteCount, actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// A key copied from raw bytes (tests and key unwrapping); the caller wipes its own copy.
    package init(copying raw: [UInt8]) throws {
        try self.init(bytes: SecureBytes(copying: raw))
    }

    init(unchecked bytes: SecureBytes) { self.bytes = bytes }

    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}
