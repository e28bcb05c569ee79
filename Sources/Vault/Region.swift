/// A residency region. Each has its own store file and its own keyring; data never crosses.
public enum Region: String, Sendable, CaseIterable, Comparable {
    case eu = "EU"
    case us = "US"

    public init?(code: String) { self.init(rawValue: code) }

    public var code: String { rawValue }

    public static func < (a: Region, b: Region) -> Bool { a.rawValue < b.rawValue }

    /// `EU,US` into regions; nil if any part is unknown or the list is empty.
    public static func parseList(_ text: String) -> [Region]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: " ") }
        guard !parts.isEmpty else { return nil }
        var regions: [Region] = []
        for part in parts {
            guard let region = Region(code: part.uppercased()) else { return nil }
            if !regions.contains(region) { regions.append(region) }
        }
        return regions
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
