/// v0's phone numbers: national formats (`202-555-0182`) with the customer's `country_code`, or E.164. The
/// shared records hold E.164 (v1 and v2 require it), so a national number is prefixed with its country's
/// calling code, for the countries in this table; others must be sent in E.164.
enum LegacyPhone {
    static let callingCodes: [String: String] = [
        "US": "1", "CA": "1", "MX": "52", "BR": "55", "AR": "54", "CL": "56", "CO": "57", "PE": "51",
        "GB": "44", "IE": "353", "FR": "33", "DE": "49", "ES": "34", "PT": "351", "IT": "39", "NL": "31", "BE": "32",
        "LU": "352", "CH": "41", "AT": "43", "DK": "45", "SE": "46", "NO": "47", "FI": "358", "IS": "354", "PL": "48",
        "CZ": "420", "SK": "421", "HU": "36", "RO": "40", "BG": "359", "GR": "30", "HR": "385", "SI": "386", "EE": "372",
        "LV": "371", "LT": "370", "CY": "357", "MT": "356", "TR": "90", "UA": "380", "IL": "972", "AE": "971",
        "SA": "966", "QA": "974", "IN": "91", "CN": "86", "HK": "852", "TW": "886", "JP": "81", "KR": "82", "SG": "65",
        "MY": "60", "TH": "66", "VN": "84", "ID": "62", "PH": "63", "AU": "61", "NZ": "64", "ZA": "27", "EG": "20",
        "NG": "234", "KE": "254", "MA": "212",
    ]

    /// Italy (and its enclaves) keep the leading 0 of a national number after the calling code.
    private static let keepsTrunkZero: Set<String> = ["IT", "SM", "VA"]

    enum Problem: Error { case needsCountry, unknownCountry }

    /// E.164 for `text`: kept when it starts with `+`; else its digits after `country`'s calling code, the
    /// national trunk 0 dropped. The vault's E.164 rule then checks the result.
    static func e164(_ text: String, country: String?) throws(Problem) -> String {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasPrefix("+") { return "+" + trimmed.filter(\.isASCIIDigit) }
        guard let country else { throw .needsCountry }
        guard let code = callingCodes[country.uppercased()] else { throw .unknownCountry }
        var digits = trimmed.filter(\.isASCIIDigit)
        if code == "1", digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
        if !keepsTrunkZero.contains(country.uppercased()), digits.hasPrefix("0") { digits.removeFirst() }
        return "+" + code + digits
    }

    /// The country v0 shows beside a number: the one whose calling code starts it (the longest code, then the
    /// first name); US for +1.
    static func country(of e164: String?) -> String {
        guard let e164, e164.hasPrefix("+") else { return "" }
        let digits = e164.dropFirst()
        if digits.hasPrefix("1") { return "US" }
        return callingCodes.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.first { digits.hasPrefix($0.value) }?.key ?? ""
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
