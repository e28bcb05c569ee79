internal import COpenSSL

/// SHA-256 through OpenSSL EVP (for hashing high-entropy secrets such as API keys, and audit chains).
package enum SHA256 {
    package static let byteCount = 32

    package static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer {
                EVP_Digest(input.baseAddress, input.count, $0.baseAddress, &length, FetchedDigest.sha256.pointer, nil)
            }
        }
        precondition(ok == 1 && length == UInt32(byteCount), "EVP_Digest(SHA-256) failed")
        return out
    }
}

/// SHA-256's implementation, fetched from the default provider once per process: `EVP_sha256()` makes
/// every digest fetch it again (a provider lookup under a lock, more than the hash of an API key costs).
struct FetchedDigest: @unchecked Sendable {
    let pointer: OpaquePointer?
    static let sha256 = FetchedDigest(pointer: EVP_MD_fetch(nil, "SHA256", nil))
}
