import ISO3166
import JSONCore

/// The rules profile and address fields must meet; each failure names the field and the rule. Its limits are
/// public for the API's OpenAPI document, which states them.
package enum FieldRules {
    package static let maxTextLength = 256
    /// `first_name` and `last_name`: short enough that the two joined by a space are a valid `full_name`.
    package static let maxNamePartLength = (maxTextLength - 1) / 2
    package static let maxZipCodeLength = 32
    package static let maxEmailBytes = 254
    package static let maxExtendedAttributes = 20
    package static let maxAttributeNameLength = 64
    package static let maxDataTypeLength = 32
    package static let maxAttributeValueBytes = 4_096
    package static let maxContactPhoneLength = 32
    package static let contactPhoneDigits = 3...15
    /// What an extended attribute's value must be for the data types it knows (any case): a JSON string,
    /// number or boolean, or null. Other data types hold any JSON value.
    package static let dataTypeValues: [String: DataTypeValue] = [
        "string": .string, "date": .string, "datetime": .string,
        "number": .number, "integer": .number, "float": .number, "decimal": .number,
        "boolean": .boolean, "bool": .boolean,
    ]
    package enum DataTypeValue: String, Sendable { case string, number, boolean }

    /// The ISO 3166-1 alpha-2 codes an address's `country_code` may hold.
    package static var countryCodes: [String] { CountryCode.assigned.sorted() }

    /// `notBlank`: when given, not only white space (the address lines v1 requires, which v2 may leave out).
    static func text(_ value: String?, field: String, required: Bool = false, notBlank: Bool = false,
                     maxLength: Int = maxTextLength) throws(FieldError) {
        guard let value else {
            if required { throw FieldError(field, "is required") }
            return
        }
        if (required || notBlank) && value.allSatisfy(\.isWhitespace) { throw FieldError(field, "must not be empty") }
        // Characters as JSON Schema counts them (code points), not as Swift does (grapheme clusters): a skin-tone
        // modifier is one more, so the published maxLength holds for every answer.
        guard value.unicodeScalars.count <= maxLength else { throw FieldError(field, "must be at most \(maxLength) characters") }
        guard !value.unicodeScalars.contains(where: isControl) else {
            throw FieldError(field, "must not contain control characters")
        }
    }

    /// A practical address check (RFC 5321 sizes, one `@`, dot-separated domain labels); non-ASCII letters are
    /// allowed for internationalized addresses.
    static func email(_ value: String, field: String = "email") throws(FieldError) {
        let rule = "must be a valid e-mail address"
        guard value.utf8.count <= maxEmailBytes, !value.unicodeScalars.contains(where: { isControl($0) || $0 == " " }) else {
            throw FieldError(field, rule)
        }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].utf8.count) else { throw FieldError(field, rule) }
        let local = parts[0], domain = parts[1]
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { throw FieldError(field, rule) }
        let localSpecials = Set("!#$%&'*+/=?^_`{|}~.-".unicodeScalars)
        guard local.unicodeScalars.allSatisfy({ isAlphanumeric($0) || localSpecials.contains($0) }) else {
            throw FieldError(field, rule)
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw FieldError(field, rule) }
        for label in labels {
            guard (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.unicodeScalars.allSatisfy({ isAlphanumeric($0) || $0 == "-" }) else {
                throw FieldError(field, rule)
            }
        }
    }

    /// E.164: `+`, a country code that does not start with 0, at most 15 digits in all.
    static func e164(_ value: String?, field: String) throws(FieldError) {
        guard let value else { return }
        let digits = value.utf8.dropFirst()
        guard value.utf8.first == UInt8(ascii: "+"), (2...15).contains(digits.count),
              digits.first != UInt8(ascii: "0"), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw FieldError(field, "must be a phone number in E.164 format (+ and 2 to 15 digits)")
        }
    }

    /// A phone number as people write it: digits with spaces, `+`, `-`, `.`, `(` and `)`.
    static func loosePhone(_ value: String?, field: String) throws(FieldError) {
        guard let value else { return }
        let allowed = Set(" +-.()".unicodeScalars)
        let digits = value.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }.count
        guard value.unicodeScalars.count <= maxContactPhoneLength, contactPhoneDigits.contains(digits),
              value.unicodeScalars.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || allowed.contains($0) }) else {
            throw FieldError(field, "must be a phone number (3 to 15 digits, with spaces, +, -, ., ( and ) allowed)")
        }
    }

    static func countryCode(_ value: String, field: String = "country_code") throws(FieldError) {
        guard CountryCode(value) != nil else { throw FieldError(field, "must be an ISO 3166-1 alpha-2 country code") }
    }

    static func extendedAttributes(_ attributes: [ExtendedAttribute]) throws(FieldError) {
        let field = "extended_attributes"
        guard attributes.count <= maxExtendedAttributes else {
            throw FieldError(field, "must have at most \(maxExtendedAttributes) entries")
        }
        var names = Set<String>()
        for attribute in attributes {
            guard names.insert(attribute.name).inserted else { throw FieldError(field, "has a duplicate name") }
            guard !attribute.name.isEmpty, attribute.name.unicodeScalars.count <= maxAttributeNameLength,
                  !attribute.name.unicodeScalars.contains(where: isControl) else {
                throw FieldError(field, "names must be 1 to \(maxAttributeNameLength) characters without control characters")
            }
            guard !attribute.dataType.isEmpty, attribute.dataType.unicodeScalars.count <= maxDataTypeLength else {
                throw FieldError("\(field).data_type", "must be a non-empty string of at most \(maxDataTypeLength) characters")
            }
            guard attribute.value.serialized.count <= maxAttributeValueBytes else {
                throw FieldError("\(field).value", "must be at most \(maxAttributeValueBytes) bytes of JSON")
            }
            guard valueMatches(attribute.value, dataType: attribute.dataType) else {
                throw FieldError("\(field).value", "does not match its data_type")
            }
        }
    }

    /// Known data types must hold values of their kind; other data types hold any JSON value.
    private static func valueMatches(_ value: JSONValue, dataType: String) -> Bool {
        switch (dataTypeValues[dataType.lowercased()], value) {
        case (nil, _), (_, .null), (.string?, .string), (.number?, .number), (.boolean?, .bool): true
        default: false
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || (scalar.value >= 0x30 && scalar.value <= 0x39)
    }
}
