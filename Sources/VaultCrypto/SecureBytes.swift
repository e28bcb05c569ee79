internal import COpenSSL

/// A fixed-size buffer for secrets. The bytes are wiped with `OPENSSL_cleanse` when the last reference goes,
/// so key material does not linger in freed heap memory. Immutable after creation, hence safely shared.
package final class SecureBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    private let byteCount: Int

    package var count: Int { byteCount }

    /// Allocates `count` bytes and lets `initialize` fill them. If it throws, the bytes are wiped and freed
    /// before this object exists, so nothing is freed twice.
    package init(count: Int, initialize: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        // Never allocate zero bytes, so `baseAddress` is always valid for the wipe.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        do {
            try initialize(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
        } catch {
            Self.wipe(buffer)
            buffer.deallocate()
            throw error
        }
        storage = buffer
        byteCount = count
    }

    /// Copies `bytes` in. The caller remains responsible for wiping its own copy.
    package convenience init(copying bytes: some Collection<UInt8>) {
        self.init(count: bytes.count) { buffer in
            _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        }
    }

    deinit {
        Self.wipe(storage)
        storage.deallocate()
    }

    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<byteCount]))
    }

    static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        OPENSSL_cleanse(base, buffer.count)
    }

    /// Wipes an ordinary byte array in place (for transient copies such as a key file read from disk).
    package static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0) }
    }
}
