import ISO3166

/// What the set-up guide asks before numbers may be bought in a country: the information to submit, the
/// documents that prove it, and whether the retailer may buy numbers itself ("self-service") or needs
/// NewStore's assisted purchase. The guide's table and its list of self-service countries, as data.
package struct RegulatoryRequirements: Sendable {
    package let country: CountryCode
    package let countryName: String
    package let informationRequired: [String]
    package let supportingDocuments: [String]
    /// False for the self-service countries the guide lists without a row in its table (EE, IL, PH, ZA, TH):
    /// their requirements come from the regulatory review, not from the guide.
    package let listedInGuide: Bool
    package let selfService: Bool

    /// US and Canadian numbers need no regulatory bundle or address; every other country does.
    package var needsBundle: Bool { !["US", "CA"].contains(country.code) }

    package static func forCountry(_ country: CountryCode) -> RegulatoryRequirements? {
        table[country.code]
    }

    package static var all: [RegulatoryRequirements] { table.values.sorted { $0.country < $1.country } }

    static let selfServiceCountries: Set<String> = [
        "US", "CA", "GB", "AU", "DE", "IT", "AT", "PL", "EE", "DK", "CZ", "FI", "IL", "PH", "ZA", "HK", "TH",
    ]

    private static let table: [String: RegulatoryRequirements] = {
        var rows: [String: RegulatoryRequirements] = [:]
        func row(_ code: String, _ name: String, _ information: [String], _ documents: [String], listed: Bool = true) {
            let country = CountryCode(code)!
            rows[code] = RegulatoryRequirements(country: country, countryName: name, informationRequired: information,
                                                supportingDocuments: documents, listedInGuide: listed,
                                                selfService: selfServiceCountries.contains(code))
        }
        row("AU", "Australia", ["Business Name", "Business Address", "Business ID Number"],
            ["\"Company Current Extract\" from the Australian Securities & Investments Commission"])
        row("AT", "Austria", ["Business Name", "Business Address (in Austria)", "Name of Authorized Representative"],
            ["Excerpt from company book showing address", "Government-issued ID or Passport of representative"])
        row("BE", "Belgium", ["Business Name", "Business Address", "Business Registration Number", "VAT number"],
            ["Excerpt from the commercial register (extrait BCE)"])
        row("CZ", "Czech Republic", ["Business Name", "Registered Business Address", "Name of Authorized Representative",
                                     "Address of Authorized Representative", "Authorization of Representative"],
            ["Excerpt from the business register", "Government-issued ID or Passport",
             "Other documentation showing the representative is a director or country manager for the business"])
        row("DK", "Denmark", ["Business Name", "Business Address (within Denmark)"], [])
        row("FI", "Finland", ["Business Name", "Business Address"], [])
        row("FR", "France", ["Business Name", "Business Address", "Business Registration Number", "Proof of Identity"],
            ["Extrait Kbis", "Passport/Government-Issued ID",
             "If the name on the passport is not visible on the Kbis, a document proving legal authority"])
        row("DE", "Germany", ["Business Name", "Business Address (within Germany)", "Business Registration Number", "VAT Number"],
            ["German Commercial Extract (Handelsregisterauszug)"])
        row("HK", "Hong Kong", ["Business Name", "Business Registration Number", "Business Address"],
            ["Business Number Change/Application", "Utility Bill"])
        row("IE", "Ireland", ["Business Name", "Business Address (within Ireland)"], ["Business Registry"])
        row("IT", "Italy", ["Business Name", "Business Address", "VAT or Business Registration ID",
                            "Name of Authorized Representative", "Date of birth of Representative",
                            "Place of birth of Representative", "Fiscal Code of Representative (Tax ID or SSN)",
                            "Nationality of Representative"],
            ["Business Registry or utility bill or tax notice", "Government-issued ID or Passport"])
        row("MY", "Malaysia", ["Business Name", "Business Address (in Malaysia)", "Name of Authorized Representative",
                               "Identity document number of Representative",
                               "Identity document issuing country of Representative",
                               "Address of Representative (in Malaysia)", "Letter of Authorization for the Representative"],
            ["Business registration showing Malaysian address", "Passport or government-issued ID",
             "Government-issued ID showing Malaysian address (for Malaysian citizens or permanent residents)",
             "Executed Letter of Authorization"])
        row("NL", "Netherlands", ["Business Name", "Business Address"], [])
        row("NO", "Norway", ["Business Name", "Business Address", "Business Registration Number",
                             "Name of Authorized Representative", "Authorization of Authorized Representative"],
            ["Business Registration", "Government-issued ID or Passport with picture of Authorized Representative",
             "Power of attorney or official documentation identifying the person as a country manager and an authorized representative"])
        row("PL", "Poland", ["Business Name", "Business Registration Number", "Business Address",
                             "Name of Authorized Representative", "Authorization of Authorized Representative"],
            ["Excerpt from a relevant business register",
             "Power of attorney or other official documentation identifying the person as an authorized representative"])
        row("PT", "Portugal", ["Business Name", "Business Address (in Portugal)", "Business Tax Number"],
            ["Excerpt from the commercial register showing Portuguese address", "Government-issued ID showing tax number"])
        row("ES", "Spain", ["Spanish Fiscal Identification Number", "Business Address (within Spain)", "Business Name"],
            ["\"Tax Identity Number\" document"])
        row("SE", "Sweden", ["National Number", "Swedish Address", "Business Registration Number"],
            ["Business Registration that shows the Swedish Address"])
        row("CH", "Switzerland", ["Business Name", "Business Address", "Unternehmens-Identifikationsnummer (UID)"],
            ["Excerpt from the commercial or official business register showing the local address"])
        let northAmerica = ["US EIN", "Legal Business Name", "Business Address", "Business Type (LLC or Corp)",
                            "Business Regions of Operation"]
        row("CA", "Canada", northAmerica, [])
        row("US", "United States", northAmerica, [])
        row("GB", "United Kingdom", ["Business Name", "Business Registration Number", "Business Address"],
            ["None when the Company Number (Business Registration Number) is provided"])
        for (code, name) in [("EE", "Estonia"), ("IL", "Israel"), ("PH", "Philippines"), ("ZA", "South Africa"),
                             ("TH", "Thailand")] {
            row(code, name, [], [], listed: false)
        }
        return rows
    }()
}
