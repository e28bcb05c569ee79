import VaultCrypto

/// Where a `keys rewrap` pass stands, kept in the region's store (`meta.rewrap`) and moved in the transaction
/// of each batch it re-wraps, so a pass killed at any point resumes after the last batch that committed. A
/// cursor made for another primary key (the keyring rotated again since) is not resumed: the pass starts over.
struct RewrapCursor: Equatable {
    let primary: UInt32
    let kind: WrappedKeyKind
    let position: WrappedKeyPosition?

    /// `1 PRIMARY KIND POSITION`; a data key's position is its tenant in hex and its id, a profile's its row number.
    var text: String {
        let place = switch position {
        case nil: "-"
        case .dataKey(let tenant, let id): "\(Hex.encode(Array(tenant.utf8))).\(Hex.encode(id))"
        case .profile(let number): String(number)
        }
        return "1 \(Hex.encode(primary)) \(kind.rawValue) \(place)"
    }

    init(primary: UInt32, kind: WrappedKeyKind, position: WrappedKeyPosition?) {
        self.primary = primary
        self.kind = kind
        self.position = position
    }

    /// Nil for anything this version did not write.
    init?(text: String) {
        let fields = text.split(separator: " ")
        guard fields.count == 4, fields[0] == "1", let primary = UInt32(fields[1], radix: 16),
              let kind = WrappedKeyKind(rawValue: String(fields[2])) else { return nil }
        self.primary = primary
        self.kind = kind
        if fields[3] == "-" {
            position = nil
            return
        }
        switch kind {
        case .dataKeys:
            let parts = fields[3].split(separator: ".")
            guard parts.count == 2, let tenant = Hex.decode(String(parts[0])), let id = UInt32(parts[1], radix: 16) else { return nil }
            position = .dataKey(tenant: String(decoding: tenant, as: UTF8.self), id: id)
        case .profiles:
            guard let number = Int64(fields[3]) else { return nil }
            position = .profile(number: number)
        }
    }
}
