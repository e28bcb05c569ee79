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
        let utf8 = Array(text.utf8)
        guard utf8.count == length, utf8[0] == UInt8(ascii: "N"), utf8[1] == UInt8(ascii: "S"),
              utf8[2] == UInt8(ascii: "-"), utf8[5] == UInt8(ascii: "-"), utf8[32] == UInt8(ascii: "-") else {
            throw .malformed
        }
        let idText = String(decoding: utf8[6..<32], as: UTF8.self)
        let secretText = String(decoding: utf8[33..<59], as: UTF8.self)
        guard let id = ULID(string: idText), id.string == idText,
              let secret = ULID(string: secretText), secret.string == secretText else { throw .malformed }
        let code = String(decoding: utf8[3..<5], as: UTF8.self)
        guard code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { throw .malformed }
        guard let region = Region(code: code) else { throw .unknownRegion }
        return Token(region: region, id: id, secret: secret)
    }
}
