import HTTPServer
import JSONCore
import Vault

/// v2's request bodies into the domain values v1's make. v2 names a person in two parts or by one full
/// name, never both at once (400), and an update's `extended_attributes` replace the whole map.
enum CustomerRequests {
    static let profileFields = ["email", "first_name", "last_name", "full_name", "phone_number", "store_id", "created_by",
                                "extended_attributes"]

    static func profileFields(_ members: [JSONMember]) throws(HTTPError) -> ProfileFields {
        let body = try BodyFields(members, accepted: profileFields)
        var fields = ProfileFields(email: try body.requiredString("email"))
        switch try names(body) {
        case .parts(let first, let last): fields.setNameParts(first: first ?? nil, last: last ?? nil)
        case .full(let name): fields.setFullName(name)
        case nil: break
        }
        fields.phoneNumber = try body.optionalString("phone_number") ?? nil
        fields.storeID = try body.optionalString("store_id") ?? nil
        fields.createdBy = try body.optionalString("created_by") ?? nil
        fields.extendedAttributes = try attributes(body)
        return fields
    }

    static func profilePatch(_ members: [JSONMember]) throws(HTTPError) -> ProfilePatch {
        let body = try BodyFields(members, accepted: ["last_updated_at"] + profileFields)
        var patch = ProfilePatch(lastUpdatedAt: try body.lastUpdatedAt())
        patch.email = try body.string("email")
        switch try names(body) {
        case .parts(let first, let last):
            patch.firstName = first
            patch.lastName = last
        case .full(let name): patch.fullName = .some(name)
        case nil: break
        }
        patch.phoneNumber = try body.optionalString("phone_number")
        patch.storeID = try body.optionalString("store_id")
        patch.createdBy = try body.optionalString("created_by")
        if body.has("extended_attributes") { patch.replacingExtendedAttributes = try attributes(body) }
        return patch
    }

    /// v2's address: only `country_code` is required (v1 also requires a name, a first line, a zip code and a
    /// city); the others may be left out or null.
    static func addressFields(_ members: [JSONMember]) throws(HTTPError) -> AddressFields {
        let body = try BodyFields(members, accepted: ProfileRequests.addressFields)
        func optional(_ name: String) throws(HTTPError) -> String? { try body.optionalString(name) ?? nil }
        return AddressFields(
            fullName: try optional("full_name"), companyName: try optional("company_name"), addressLine1: try optional("address_line_1"),
            addressLine2: try optional("address_line_2"), zipCode: try optional("zip_code"), city: try optional("city"),
            state: try optional("state"), countryCode: try body.requiredString("country_code"), contactPhone: try optional("contact_phone"))
    }

    /// Any field but `country_code` may be set to null (cleared).
    static func addressPatch(_ members: [JSONMember]) throws(HTTPError) -> AddressPatch {
        try ProfileRequests.addressPatch(members, notNull: ["country_code"])
    }

    /// `{"operation": "delete"}`, the only deletion request v2 has.
    static func deletion(_ members: [JSONMember]) throws(HTTPError) {
        let body = try BodyFields(members, accepted: ["operation"])
        guard try body.string("operation") == "delete" else { throw HTTPError(400, "operation must be \"delete\"") }
    }

    private enum Names {
        /// Each part: absent (nil), null, or a string.
        case parts(String??, String??)
        case full(String?)
    }

    private static func names(_ body: BodyFields) throws(HTTPError) -> Names? {
        let first = try body.optionalString("first_name"), last = try body.optionalString("last_name")
        let full = try body.optionalString("full_name")
        if (first != nil || last != nil) && full != nil {
            throw HTTPError(400, "name a customer with first_name and last_name, or with full_name, not both")
        }
        if let full { return .full(full) }
        return first != nil || last != nil ? .parts(first, last) : nil
    }

    private static func attributes(_ body: BodyFields) throws(HTTPError) -> [ExtendedAttribute] {
        (try body.extendedAttributes(allowNull: false) ?? []).map { ProfileRequests.attribute(named: $0.name, $0.entry!) }
    }
}
