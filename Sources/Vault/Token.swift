/// A vault token: `NS-<REGION>-<ULID>-<ULID>`. The first ULID names the stored record and carries the issue
/// time; the second is a secret held only by the token's owner (the store keeps a keyed hash of it).
package struct Token: Hashable, Sendable {
    package let region: Region
    package let id: ULID
    package let secret: ULID

    package init(region: Region, id: ULID, secret: ULID) {
        self.region = region
        self.id = id
        self.secret = secret
    }

    package static let length = 3 + 3 + 26 + 1 + 26

    package var string: String {
        var out = [UInt8]()
        out.reserveCapacity(Self.length)
        out += [UInt8(ascii: "N"), UInt8(ascii: "S"), UInt8(ascii: "-")]
        out += region.code.utf8
        out.append(UInt8(ascii: "-"))
        id.appendString(to: &out)
        out.append(UInt8(ascii: "-"))
        secret.appendString(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    package enum ParseError: Error, Equatable, Sendable {
        /// Not of the token form at all.
        case malformed
        /// Well formed, but the region is none the vault knows.
        case unknownRegion
    }

    /// Strict parsing: exactly the canonical form (upper case, 26-character ULIDs), a known region.
    package static func parse(_ text: String) throws(ParseError) -> Token {
        // On the UTF-8 bytes in place: no copy, no intermediate strings (25 of these per detokenize batch).
        var text = text
        return try text.withUTF8 { utf8 in Result { () throws(ParseError) in try parse(utf8) } }.get()
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) throws(ParseError) -> Token {
        guard utf8.count == length, utf8[0] == UInt8(ascii: "N"), utf8[1] == UInt8(ascii: "S"),
              utf8[2] == UInt8(ascii: "-"), utf8[5] == UInt8(ascii: "-"), utf8[32] == UInt8(ascii: "-"),
              let id = ULID(canonical: UnsafeBufferPointer(rebasing: utf8[6..<32])),
              let secret = ULID(canonical: UnsafeBufferPointer(rebasing: utf8[33..<59])) else {
            throw .malformed
        }
        let (first, second) = (utf8[3], utf8[4])
        let upper = UInt8(ascii: "A")...UInt8(ascii: "Z")
        guard upper.contains(first), upper.contains(second) else { throw .malformed }
        guard let region = Region(code: first, second) else { throw .unknownRegion }
        return Token(region: region, id: id, secret: secret)
    }
}
