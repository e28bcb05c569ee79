/// Request ids: a caller's `X-Request-Id` when it is short and plain (a proxy's id keeps a trace whole),
/// otherwise 16 random bytes in hex. Not secrets; the system generator is enough.
struct RequestIDGenerator: Sendable {
    func accept(_ offered: String?) -> String {
        if let offered, (1...64).contains(offered.utf8.count),
           offered.utf8.allSatisfy({ Self.isPlain($0) }) {
            return offered
        }
        return generate()
    }

    func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let high = rng.next() as UInt64, low = rng.next() as UInt64
        return hex(high) + hex(low)
    }

    private func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    private static func isPlain(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}
