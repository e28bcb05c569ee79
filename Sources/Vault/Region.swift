/// A residency region. Each has its own store file and its own keyring; data never crosses.
package enum Region: String, Sendable, CaseIterable, Comparable {
    case eu = "EU"
    case us = "US"

    package init?(code: String) { self.init(rawValue: code) }

    package var code: String { rawValue }

    package static func < (a: Region, b: Region) -> Bool { a.rawValue < b.rawValue }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
