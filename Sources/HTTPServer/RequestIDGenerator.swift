/// Request ids: a caller's `X-Request-Id` when it is short and plain (a proxy's id keeps a trace whole),
/// otherwise 32 hex digits from a per-loop SplitMix64 stream seeded by the system generator. Request ids
/// are not secrets: they only need to be unique, and this costs no system call per request.
final class RequestIDGenerator: @unchecked Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func accept(_ offered: String?) -> String {
        if let offered, (1...64).contains(offered.utf8.count),
           offered.utf8.allSatisfy({ Self.isPlain($0) }) {
            return offered
        }
        return generate()
    }

    func generate() -> String {
        let high = next(), low = next()
        return String(unsafeUninitializedCapacity: 32) { out in
            for i in 0..<16 {
                out[i] = Self.hexDigit(high >> UInt64(60 - 4 * i))
                out[16 + i] = Self.hexDigit(low >> UInt64(60 - 4 * i))
            }
            return 32
        }
    }

    private static func hexDigit(_ v: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: v & 0xF)
        return nibble < 10 ? 48 + nibble : 87 + nibble
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
