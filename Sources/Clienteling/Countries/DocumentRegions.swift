import ISO3166

/// Where a country's regulatory documents (a representative's passport, say) are stored in the vault: the
/// EU region for EU member states, the US region for the rest, unless configured otherwise per country
/// (`--setup-document-regions GB=EU,CH=EU`).
package struct DocumentRegions: Sendable, Equatable {
    package static let regions = ["EU", "US"]
    private let overrides: [String: String]

    package init(overrides: [String: String] = [:]) {
        self.overrides = overrides
    }

    package func region(for country: CountryCode) -> String {
        overrides[country.code] ?? (CountryCode.europeanUnion.contains(country.code) ? "EU" : "US")
    }

    /// `GB=EU,CH=EU` into overrides; nil if any part is not `<country>=<region>`, both in capitals as
    /// everywhere else (region names and country codes are exact throughout the service).
    package static func parse(_ text: String) -> DocumentRegions? {
        var overrides: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let country = CountryCode(String(pair[0])), regions.contains(String(pair[1])) else {
                return nil
            }
            overrides[country.code] = String(pair[1])
        }
        return overrides.isEmpty ? nil : DocumentRegions(overrides: overrides)
    }
}
