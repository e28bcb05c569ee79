extension JSONValue {
    /// The number as an `Int` when it is a whole number in `Int`'s range, however written (`30`, `30.0`,
    /// `3e1`): JSON has one kind of number, and JSON Schema's `integer` is any number without a fraction.
    /// Exact: the literal's digits are shifted by its exponent, never rounded through a `Double`.
    package var integerValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let value = Int(text) { return value }
        var literal = Substring(text).utf8[...]
        let negative = literal.first == UInt8(ascii: "-")
        if negative { literal = literal.dropFirst() }
        let mantissa = literal.prefix { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
        var exponent = 0
        if mantissa.count < literal.count {
            guard let value = Int(String(decoding: literal.dropFirst(mantissa.count + 1), as: UTF8.self)) else { return nil }
            exponent = value
        }
        let parts = mantissa.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let digits = Array(mantissa.filter { $0 != UInt8(ascii: ".") })
        guard !parts[0].isEmpty, !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if digits.allSatisfy({ $0 == 0x30 }) { return 0 }
        // Where the decimal point falls among the digits once the exponent has moved it.
        let (point, overflow) = parts[0].count.addingReportingOverflow(exponent)
        guard !overflow, point <= digits.count + 19, digits.dropFirst(max(0, point)).allSatisfy({ $0 == 0x30 }) else { return nil }
        var value = 0
        for index in 0..<point {
            let digit = index < digits.count ? Int(digits[index] - 0x30) : 0
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
        }
        return value
    }
}
