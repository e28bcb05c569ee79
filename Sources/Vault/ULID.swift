/// A ULID (github.com/ulid/spec): 48-bit millisecond timestamp and 80 random bits, written as 26
/// characters of Crockford base32. Stored as 16 big-endian bytes, which sort in time order.
package struct ULID: Hashable, Sendable, Comparable, CustomStringConvertible {
    package static let maxTimestamp: UInt64 = (1 << 48) - 1
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, char) in alphabet.enumerated() {
            table[Int(char)] = UInt8(value)
            table[Int(char | 0x20)] = UInt8(value)  // lower case decodes too, per the spec
        }
        return table
    }()

    /// The 128 bits, big-endian: timestamp in the top 48 bits.
    package let high: UInt64
    package let low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A ULID from a timestamp (must fit 48 bits) and 10 random bytes.
    package init(timestamp: UInt64, randomness: UnsafeRawBufferPointer) {
        precondition(timestamp <= Self.maxTimestamp && randomness.count == 10)
        var low: UInt64 = 0
        for i in 2..<10 { low = low << 8 | UInt64(randomness[i]) }
        self.init(high: timestamp << 16 | UInt64(randomness[0]) << 8 | UInt64(randomness[1]), low: low)
    }

    // Not generic: the store engine (another module) decodes every record id it reads and writes with these,
    // and a generic initializer called across a module boundary runs unspecialized, resolving type metadata
    // for every byte (a quarter of detokenize's time).
    package init?(bytes: ArraySlice<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        var i = bytes.startIndex
        for _ in 0..<8 { high = high << 8 | UInt64(bytes[i]); i += 1 }
        for _ in 0..<8 { low = low << 8 | UInt64(bytes[i]); i += 1 }
        self.init(high: high, low: low)
    }

    package init?(bytes: [UInt8]) { self.init(bytes: bytes[...]) }

    /// Decodes 26 Crockford base32 characters (either case). Rejects other lengths, characters outside the
    /// alphabet, and values over 128 bits (a first character above `7`).
    package init?(string: String) {
        var high: UInt64 = 0, low: UInt64 = 0
        var count = 0
        for char in string.utf8 {
            let value = Self.decodeTable[Int(char)]
            guard value != 0xFF, count < 26 else { return nil }
            if count == 0 && value > 7 { return nil }
            // Shift the 128-bit (high, low) left by 5 and add the digit.
            high = high << 5 | low >> 59
            low = low << 5 | UInt64(value)
            count += 1
        }
        guard count == 26 else { return nil }
        self.init(high: high, low: low)
    }

    package var timestamp: UInt64 { high >> 16 }

    package var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            out[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        return out
    }

    /// The canonical upper-case text.
    package var string: String {
        var chars: [UInt8] = []
        appendString(to: &chars)
        return String(decoding: chars, as: UTF8.self)
    }

    /// Appends the 26 characters of `string` to `out`.
    func appendString(to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 26))
        var h = high, l = low
        for i in stride(from: 25, through: 0, by: -1) {
            out[start + i] = Self.alphabet[Int(l & 31)]
            l = l >> 5 | (h & 31) << 59
            h >>= 5
        }
    }

    package var description: String { string }

    package static func < (a: ULID, b: ULID) -> Bool { (a.high, a.low) < (b.high, b.low) }
}
