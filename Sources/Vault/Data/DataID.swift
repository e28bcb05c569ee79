import VaultCrypto

/// The id of a stored data blob: `NS-<REGION>-<uuid v4>`, as the API pages show. The whole UUID is the
/// secret (122 random bits): the database keeps only a keyed hash of it, so a copy of the database rebuilds
/// no id, and the blob's associated data includes it, so only the exact id opens it.
package struct DataID: Hashable, Sendable {
    package let region: Region
    /// The 16 bytes of the UUID, version 4 and RFC 4122 variant bits set.
    package let uuid: [UInt8]

    /// A fresh random id.
    package static func random(region: Region) throws -> DataID {
        var bytes = try SecureRandom.bytes(16)
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return DataID(region: region, uuid: bytes)
    }

    init(region: Region, uuid: [UInt8]) {
        self.region = region
        self.uuid = uuid
    }

    /// Lower-case, as the API pages' pattern has it.
    package var string: String {
        let hex = Hex.encode(uuid)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
                     hex.dropFirst(20)]
        return "NS-\(region.code)-" + parts.joined(separator: "-")
    }

    package enum ParseError: Error, Sendable { case malformed, unknownRegion }

    /// `^NS-[A-Z]{2}-[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[89abAB][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$`.
    package static func parse(_ text: String) throws(ParseError) -> DataID {
        let utf8 = Array(text.utf8)
        guard utf8.count == 42, utf8[0] == UInt8(ascii: "N"), utf8[1] == UInt8(ascii: "S"), utf8[2] == UInt8(ascii: "-"),
              utf8[5] == UInt8(ascii: "-"), utf8[3...4].allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })
        else { throw .malformed }
        let uuid = utf8[6...]
        let dashes = [8, 13, 18, 23]
        var hex: [UInt8] = []
        for (offset, byte) in uuid.enumerated() {
            if dashes.contains(offset) {
                guard byte == UInt8(ascii: "-") else { throw .malformed }
            } else {
                hex.append(byte)
            }
        }
        guard let bytes = Hex.decode(String(decoding: hex, as: UTF8.self)), bytes.count == 16,
              bytes[6] >> 4 == 4, bytes[8] >> 6 == 2 else { throw .malformed }
        guard let region = Region(code: String(decoding: utf8[3...4], as: UTF8.self)) else { throw .unknownRegion }
        return DataID(region: region, uuid: bytes)
    }
}
