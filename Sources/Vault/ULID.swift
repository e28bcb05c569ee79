/// A ULID (github.com/ulid/spec): 48-bit millisecond timestamp and 80 random bits, written as 26
/// characters of Crockford base32. Stored as 16 big-endian bytes, which sort in time order.
package struct ULID: Hashable, Sendable, Comparable, CustomStringConvertible {
    package static let maxTimestamp: UInt64 = (1 << 48) - 1

    // Crockford's alphabet and its decoding table are literals: no lazily built table, whose first-use
    // check (`swift_once`) ran for every character of every token read.
    static var alphabet: StaticString { "0123456789ABCDEFGHJKMNPQRSTVWXYZ" }

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
        guard let decoded = bytes.withUnsafeBytes(ULID.init(raw:)) else { return nil }
        self = decoded
    }

    package init?(bytes: [UInt8]) { self.init(bytes: bytes[...]) }

    /// From 16 big-endian bytes in place (a column read without copying it out).
    package init?(raw: UnsafeRawBufferPointer) {
        guard raw.count == 16 else { return nil }
        self.init(high: UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)),
                  low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// Decodes 26 Crockford base32 characters (either case). Rejects other lengths, characters outside the
    /// alphabet, and values over 128 bits (a first character above `7`).
    package init?(string: String) {
        var text = string
        guard let decoded = text.withUTF8({ Self.decode($0, upperOnly: false) }) else { return nil }
        self = decoded
    }

    /// Only the canonical text (`string` of a ULID: upper case), from its UTF-8 bytes.
    package init?(canonical utf8: UnsafeBufferPointer<UInt8>) {
        guard let decoded = Self.decode(utf8, upperOnly: true) else { return nil }
        self = decoded
    }

    /// Only the canonical text (`string` of a ULID: upper case).
    package init?(canonical string: String) {
        var text = string
        guard let decoded = text.withUTF8({ Self.decode($0, upperOnly: true) }) else { return nil }
        self = decoded
    }

    /// Each ASCII byte's Crockford value plus one; 0 for bytes outside the (upper-case) alphabet. A literal,
    /// so reading it costs no first-use check; decoding every token read goes through it, 26 times.
    private static var values: StaticString {
        "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{A}\0\0\0\0\0\0\0\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\0\u{13}\u{14}\0\u{15}\u{16}\0\u{17}\u{18}\u{19}\u{1A}\u{1B}\0\u{1C}\u{1D}\u{1E}\u{1F}\u{20}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
    }

    private static func decode(_ utf8: UnsafeBufferPointer<UInt8>, upperOnly: Bool) -> ULID? {
        guard utf8.count == 26 else { return nil }
        let table = values.utf8Start
        var high: UInt64 = 0, low: UInt64 = 0
        var invalid = false
        for index in 0..<26 {
            var char = utf8[index]
            // Lower case folds onto upper case unless only canonical text is accepted.
            if !upperOnly && char &- 97 < 26 { char &-= 32 }
            let entry = char < 128 ? table[Int(char)] : 0
            invalid = invalid || entry == 0
            // Shift the 128-bit (high, low) left by 5 and add the digit.
            high = high << 5 | low >> 59
            low = low << 5 | UInt64(entry &- 1) & 0x1F
        }
        // 26 digits hold 130 bits: the first must be at most 7 for the value to fit 128.
        guard !invalid, utf8[0] &- UInt8(ascii: "0") <= 7 else { return nil }
        return ULID(high: high, low: low)
    }

    package var timestamp: UInt64 { high >> 16 }

    package var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        appendBytes(to: &out)
        return out
    }

    /// Appends the 16 big-endian bytes to `out`.
    package func appendBytes(to out: inout [UInt8]) {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { out.append(contentsOf: $0) }
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
        let alphabet = Self.alphabet.utf8Start
        for i in stride(from: 25, through: 0, by: -1) {
            out[start + i] = alphabet[Int(l & 31)]
            l = l >> 5 | (h & 31) << 59
            h >>= 5
        }
    }

    package var description: String { string }

    package static func < (a: ULID, b: ULID) -> Bool { (a.high, a.low) < (b.high, b.low) }
}
