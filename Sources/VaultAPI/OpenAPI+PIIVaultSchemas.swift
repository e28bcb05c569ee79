import HTTPServer
import JSONCore
import Vault

/// The request schemas and id parameters of the vault's operations, built from the limits the server checks
/// them against (`FieldRules`, ids, `DataUpload`, `PageQuery`): a request valid per the document is one the
/// server takes (schemathesis checks it: `positive_data_acceptance` in `scripts/contract`).
extension OpenAPI {
    static var piiVaultComponents: JSONValue {
        object([("schemas", object(requestSchemas + customerV2RequestSchemas)), ("parameters", object([
            ("ProfileId", pathParameter("profile_id", ref("schemas/RecordId"))),
            ("AddressId", pathParameter("address_id", ref("schemas/RecordId"))),
            ("DataId", pathParameter("data_id", ref("schemas/DataId"))),
        ]))])
    }

    /// `offset` and `count` of a paged list; `maxOffset` where a page may not reach past a total.
    static func pageParameters(_ limits: PageQuery.Limits, maxOffset: Int? = nil, _ description: String? = nil) -> [JSONValue] {
        var offset = integerQuery("offset", limits.offsets.lowerBound, maxOffset ?? limits.offsets.upperBound, default: 0)
        if let description, var members = offset.objectMembers {
            members.append(JSONMember("description", .string(description)))
            offset = .object(members)
        }
        return [offset, integerQuery("count", limits.counts.lowerBound, limits.counts.upperBound, default: limits.defaultCount)]
    }

    /// Ids the server parses: tokens (profiles and addresses are tokens too) and data ids, of a region it knows.
    private static var regions: String { "(?:" + Region.allCases.map(\.code).joined(separator: "|") + ")" }

    static var optionalLine: JSONValue { nullable(line(0...FieldRules.maxTextLength)) }

    /// A profile's fields as v1's requests take them.
    static var profileFields: [String: JSONValue] {
        [
            "email": object([("type", .string("string")), ("format", .string("email")),
                             ("maxLength", .number(String(FieldRules.maxEmailBytes))), ("description", .string(
                                "A practical address check: 1 to 64 letters, digits or !#$%&'*+/=?^_`{|}~.- before the @ "
                                + "(no leading, trailing or double dot), two or more domain labels of 1 to 63 letters, "
                                + "digits or inner hyphens, at most 254 bytes."))]),
            "full_name": optionalLine, "store_id": optionalLine, "created_by": optionalLine,
            "phone_number": nullable(text(pattern: "^\\+[1-9][0-9]{1,14}$")),
        ]
    }

    static var lastUpdatedAt: JSONValue {
        object([("type", .string("string")), ("format", .string("date-time")), ("description", .string(
            "The updated_at read before; any offset and any number of fraction digits (those past the millisecond "
            + "are dropped)."))])
    }

    /// An address's fields as v1's requests take them (v2's make the lines v1 requires nullable).
    static var addressFields: [String: JSONValue] {
        let requiredLine = text(max: FieldRules.maxTextLength, pattern: Pattern.notBlank)
        let separators = "[ +().-]*"
        return [
            "full_name": requiredLine, "address_line_1": requiredLine, "city": requiredLine,
            "zip_code": text(max: FieldRules.maxZipCodeLength, pattern: Pattern.notBlank),
            "company_name": optionalLine, "address_line_2": optionalLine, "state": optionalLine,
            "country_code": enumeration(FieldRules.countryCodes),
            "contact_phone": nullable(text(max: FieldRules.maxContactPhoneLength, pattern: "^\(separators)(?:[0-9]\(separators))"
                + "{\(FieldRules.contactPhoneDigits.lowerBound),\(FieldRules.contactPhoneDigits.upperBound)}$")),
        ]
    }

    /// The address lines v1 requires and v2 does not.
    static let v1RequiredAddressFields = ["full_name", "address_line_1", "zip_code", "city"]

    private static var requestSchemas: [(String, JSONValue)] {
        return [
            ("RecordId", text(pattern: "^NS-\(regions)-\(ulid)-\(ulid)$")),
            ("DataId", text(pattern: "^NS-\(regions)-\(uuidV4)$")),
            ("ExtendedAttributes", attributes(attribute, nullable: false)),
            ("ProfileCreate", strict(profileFields.merging(["extended_attributes": nullable(ref("schemas/ExtendedAttributes"))],
                                                           uniquingKeysWith: { $1 }), required: ["email"])),
            ("ProfilePatch", strict(profileFields.merging(["last_updated_at": lastUpdatedAt,
                                                          "extended_attributes": attributes(nullable(attribute), nullable: true)],
                                                          uniquingKeysWith: { $1 }), required: ["last_updated_at"])),
            ("AddressCreate", strict(addressFields, required: v1RequiredAddressFields + ["country_code"])),
            ("AddressPatch", strict(addressFields.merging(["last_updated_at": lastUpdatedAt], uniquingKeysWith: { $1 }),
                                    required: ["last_updated_at"])),
            ("DataCreate", strict([
                "content_type": text(max: DataUpload.maxContentTypeBytes, pattern: mediaType),
                "content": object([("type", .string("string")), ("contentEncoding", .string("base64")),
                                   ("pattern", .string(Pattern.base64)),
                                   ("description", .string("At most --max-data-bytes (default 10 MiB) once decoded."))]),
                "ttl": nullable(ttl),
            ], required: ["content_type", "content"])),
        ]
    }

    /// Days to keep a data entry.
    static var ttl: JSONValue {
        object([("type", .string("integer")), ("minimum", .number("1")), ("maximum", .number(String(DataUpload.maxTTLDays)))])
    }

    private static let ulid = "[0-7][0-9A-HJKMNP-TV-Z]{25}"
    /// Version 4 (the third group starts with 4), RFC 4122 variant (the fourth with 8, 9, a or b); any case.
    private static let uuidV4 = "[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[89abAB][a-fA-F0-9]{3}-[a-fA-F0-9]{12}"

    /// `type/subtype[; parameters]` in visible ASCII (spaces too), a subtype that is not only spaces.
    private static let mediaType = "^[ -.0-:<-~]+/[ -.0-:<-~]*[!-.0-:<-~][ -.0-:<-~]*(?:;[ -~]*)?$"

    /// `extended_attributes`: names of 1 to 64 characters without control characters, each `entry`.
    static func attributes(_ entry: JSONValue, nullable: Bool) -> JSONValue {
        object([("type", nullable ? .array([.string("object"), .string("null")]) : .string("object")),
                ("maxProperties", .number(String(FieldRules.maxExtendedAttributes))),
                ("propertyNames", line(1...FieldRules.maxAttributeNameLength)), ("additionalProperties", entry)])
    }

    /// `{"data_type", "value"}`: the data types `FieldRules` knows (any case) hold values of their JSON type or null.
    static var attribute: JSONValue {
        let kinds = Dictionary(grouping: FieldRules.dataTypeValues.keys) { FieldRules.dataTypeValues[$0]! }
        let rules = kinds.sorted { $0.key.rawValue < $1.key.rawValue }.map { kind, names in
            let anyCase = names.sorted().map { name in name.map { "[\($0.uppercased())\($0)]" }.joined() }
            let named = text(pattern: "^(?:" + anyCase.joined(separator: "|") + ")$")
            let typed = object([("type", .array([.string(kind.rawValue), .string("null")]))])
            return object([("if", object([("properties", object([("data_type", named)])), ("required", .array([.string("data_type")]))])),
                           ("then", object([("properties", object([("value", typed)]))]))])
        }
        return object([("type", .string("object")), ("required", .array([.string("data_type"), .string("value")])),
                       ("additionalProperties", .bool(false)),
                       ("properties", object([("data_type", text(min: 1, max: FieldRules.maxDataTypeLength)),
                                              ("value", object([("description", .string(
                                                  "Any JSON value of at most \(FieldRules.maxAttributeValueBytes) bytes."))]))])),
                       ("allOf", .array(rules))])
    }
}
