/// A residency region. Each has its own store file and its own keyring; data never crosses.
package enum Region: String, Sendable, CaseIterable, Comparable {
    case eu = "EU"
    case us = "US"

    package init?(code: String) { self.init(rawValue: code) }

    /// The region of a two-letter code given as its bytes (parsing tokens without making a string).
    package init?(code first: UInt8, _ second: UInt8) {
        switch (first, second) {
        case (UInt8(ascii: "E"), UInt8(ascii: "U")): self = .eu
        case (UInt8(ascii: "U"), UInt8(ascii: "S")): self = .us
        default: self.init(rawValue: String(decoding: [first, second], as: UTF8.self))
        }
    }

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
