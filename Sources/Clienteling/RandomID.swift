import Foundation

/// Ids of set-up records and sandbox sales: a prefix and 32 hex digits (128 random bits). They name
/// business records and hold no secret, so the system generator is enough.
enum RandomID {
    static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
