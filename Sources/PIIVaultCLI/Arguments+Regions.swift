import Foundation

import Vault

/// Region names are exact everywhere (`EU`, `US`): in tokens, in the `Residency-Region` header and on the
/// command line, so a name that works in one place works in all. A name in other letters is refused with
/// a message that says so, rather than read as a guess.
extension Arguments {
    /// The region `--name` gives, nil when absent.
    func region(_ name: String) throws(UsageError) -> Region? {
        guard let text = value(name) else { return nil }
        return try Self.region(text, option: name)
    }

    /// The regions of a comma-separated `--name` list, nil when absent.
    func regions(_ name: String) throws(UsageError) -> [Region]? {
        guard let text = value(name) else { return nil }
        var regions: [Region] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let region = try Self.region(String(part).trimmingCharacters(in: .whitespaces), option: name)
            if !regions.contains(region) { regions.append(region) }
        }
        return regions
    }

    static func region(_ text: String, option: String) throws(UsageError) -> Region {
        if let region = Region(code: text) { return region }
        let known = Region.allCases.map(\.code).joined(separator: " or ")
        if Region(code: text.uppercased()) != nil {
            throw UsageError("--\(option): region names are written in capitals (\(text.uppercased()), not \(text)), "
                             + "as in tokens and the Residency-Region header")
        }
        throw UsageError("--\(option) must name \(known)")
    }
}
