import VaultCrypto

/// Where an audit chain stood, kept outside the database it protects: the chain's name, its last sequence
/// number and that record's MAC, when, and a tag keyed by the chain's audit key. A database can be wiped,
/// cut short or swapped for an older copy without breaking a single link of what remains; an anchor taken
/// earlier still names a record the database must hold, with that exact MAC. Nobody without the keyring
/// can write an anchor that verifies, so an anchor cannot be moved back to match a shortened chain.
struct AuditAnchor: Equatable, Sendable {
    let chain: String
    let seq: Int64
    let mac: [UInt8]
    /// Milliseconds since the epoch: for the reader of the file, not part of any check but the tag.
    let at: Int64
    let tag: [UInt8]

    init(chain: String, seq: Int64, mac: [UInt8], at: Int64, key: HMACKey) throws {
        self.chain = chain
        self.seq = seq
        self.mac = mac
        self.at = at
        tag = try Self.tag(key, chain: chain, seq: seq, mac: mac, at: at)
    }

    private init(chain: String, seq: Int64, mac: [UInt8], at: Int64, tag: [UInt8]) {
        self.chain = chain
        self.seq = seq
        self.mac = mac
        self.at = at
        self.tag = tag
    }

    /// One line of an anchor file: `anchor1 CHAIN SEQ MAC AT TAG`, hex for bytes.
    var line: String {
        "anchor1 \(chain) \(seq) \(Hex.encode(mac)) \(at) \(Hex.encode(tag))\n"
    }

    /// Parses one line (without its newline); nil for anything that is not an anchor line. The tag is not
    /// checked here: only the holder of the chain's key can (`isAuthentic`).
    init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "anchor1", !fields[1].isEmpty,
              let seq = Int64(fields[2]), seq >= 0, let at = Int64(fields[4]),
              let mac = Hex.decode(String(fields[3])), mac.count == AuditChain.macByteCount,
              let tag = Hex.decode(String(fields[5])), tag.count == 16 else { return nil }
        self.init(chain: String(fields[1]), seq: seq, mac: mac, at: at, tag: tag)
    }

    func isAuthentic(under key: HMACKey) throws -> Bool {
        ConstantTime.equals(tag, try Self.tag(key, chain: chain, seq: seq, mac: mac, at: at))
    }

    private static func tag(_ key: HMACKey, chain: String, seq: Int64, mac: [UInt8], at: Int64) throws -> [UInt8] {
        let message = Array("piivault audit anchor\0\(chain)\0\(seq)\0\(at)\0".utf8) + mac
        return Array(try key.authenticate(message).prefix(16))
    }
}
