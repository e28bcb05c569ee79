import ISO3166

extension CountryCode {
    /// The member states of the European Union, whose stores' documents stay in the EU region.
    static let europeanUnion: Set<String> = Set("""
        AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
}
