import VaultCrypto

/// Six upper-case letters and digits that people can read out in a store. The alphabet leaves out I, L, O
/// and U (Crockford's), so what is heard is what is typed. The first character comes from a range of its
/// own per region, so ids minted in different regions never collide and uniqueness per tenant needs no
/// coordination between regions; within a region the writer retries on a clash.
enum DisplayID {
    static let length = 6
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func random(region: Region) throws -> String {
        let random = try SecureRandom.bytes(length)
        let share = alphabet.count / Region.allCases.count
        let regionIndex = Region.allCases.firstIndex(of: region)!
        var out = String(alphabet[regionIndex * share + Int(random[0]) % share])
        for byte in random.dropFirst() { out.append(alphabet[Int(byte) % alphabet.count]) }
        return out
    }

    /// The query as a display id (upper-cased), if it could be one.
    static func candidate(_ query: String) -> String? {
        let upper = query.uppercased()
        guard upper.count == length, upper.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return upper
    }
}
