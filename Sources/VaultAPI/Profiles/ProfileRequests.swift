import HTTPServer
import JSONCore
import Vault

/// Request bodies into domain values. Types are checked here (422 naming the field); the vault checks
/// the values themselves (e-mail, E.164, lengths, country codes).
enum ProfileRequests {
    static let profileFields = ["email", "full_name", "phone_number", "store_id", "created_by", "extended_attributes"]
    static let addressFields = ["full_name", "company_name", "address_line_1", "address_line_2", "zip_code", "city",
                                "state", "country_code", "contact_phone"]

    static func profileFields(_ members: [JSONMember]) throws(HTTPError) -> ProfileFields {
        let body = try BodyFields(members, accepted: profileFields)
        var fields = ProfileFields(email: try body.requiredString("email"))
        fields.fullName = try body.optionalString("full_name") ?? nil
        fields.phoneNumber = try body.optionalString("phone_number") ?? nil
        fields.storeID = try body.optionalString("store_id") ?? nil
        fields.createdBy = try body.optionalString("created_by") ?? nil
        fields.extendedAttributes = (try body.extendedAttributes(allowNull: false) ?? []).map { attribute(named: $0.name, $0.entry!) }
        return fields
    }

    static func profilePatch(_ members: [JSONMember]) throws(HTTPError) -> ProfilePatch {
        let body = try BodyFields(members, accepted: ["last_updated_at"] + profileFields)
        var patch = ProfilePatch(lastUpdatedAt: try body.lastUpdatedAt())
        patch.email = try body.string("email")
        patch.fullName = try body.optionalString("full_name")
        patch.phoneNumber = try body.optionalString("phone_number")
        patch.storeID = try body.optionalString("store_id")
        patch.createdBy = try body.optionalString("created_by")
        patch.extendedAttributes = (try body.extendedAttributes(allowNull: true) ?? []).map { name, entry in
            (name, entry.map { attribute(named: name, $0) })
        }
        return patch
    }

    static func addressFields(_ members: [JSONMember]) throws(HTTPError) -> AddressFields {
        let body = try BodyFields(members, accepted: addressFields)
        return AddressFields(
            fullName: try body.requiredString("full_name"), companyName: try body.optionalString("company_name") ?? nil,
            addressLine1: try body.requiredString("address_line_1"),
            addressLine2: try body.optionalString("address_line_2") ?? nil, zipCode: try body.requiredString("zip_code"),
            city: try body.requiredString("city"), state: try body.optionalString("state") ?? nil,
            countryCode: try body.requiredString("country_code"),
            contactPhone: try body.optionalString("contact_phone") ?? nil)
    }

    static func addressPatch(_ members: [JSONMember]) throws(HTTPError) -> AddressPatch {
        try addressPatch(members, notNull: ["full_name", "address_line_1", "zip_code", "city", "country_code"])
    }

    /// Fields required on creation may be left out of an update but not set to null: `notNull` names them.
    static func addressPatch(_ members: [JSONMember], notNull: [String]) throws(HTTPError) -> AddressPatch {
        let body = try BodyFields(members, accepted: ["last_updated_at"] + addressFields)
        var patch = AddressPatch(lastUpdatedAt: try body.lastUpdatedAt())
        for name in notNull where try body.optionalString(name) == .some(nil) {
            throw HTTPError(422, "\(name) cannot be null")
        }
        patch.fullName = try body.optionalString("full_name")
        patch.companyName = try body.optionalString("company_name")
        patch.addressLine1 = try body.optionalString("address_line_1")
        patch.addressLine2 = try body.optionalString("address_line_2")
        patch.zipCode = try body.optionalString("zip_code")
        patch.city = try body.optionalString("city")
        patch.state = try body.optionalString("state")
        patch.countryCode = try body.optionalString("country_code") ?? nil
        patch.contactPhone = try body.optionalString("contact_phone")
        return patch
    }

    static func attribute(named name: String, _ entry: JSONValue) -> ExtendedAttribute {
        ExtendedAttribute(name: name, dataType: entry["data_type"]?.stringValue ?? "", value: entry["value"] ?? .null)
    }
}

extension ProfileError {
    /// The answer for this outcome; `noun` names what was asked for ("profile", "address").
    func httpError(_ noun: String) -> HTTPError {
        switch self {
        case .notFound: HTTPError(404, "\(noun) not found")
        case .invalidID:
            HTTPError(400, "the \(noun) id is not a valid id (\(noun == "data" ? "NS-<REGION>-<uuid v4>" : "NS-<REGION>-<ULID>-<ULID>"))")
        case .invalid(let field): HTTPError(422, field.description)
        case .staleUpdate:
            HTTPError(409, "last_updated_at does not match the current updated_at: the \(noun) changed since it was read")
        case .emailTaken: HTTPError(409, "another profile of this tenant already has this email")
        case .duplicateAddress: HTTPError(409, "the profile already has an identical address")
        case .deletionAlreadyRequested: HTTPError(409, "deletion of this profile was already requested")
        case .regionNotServed:
            APIRequest.misdirected("this node does not serve the region of this \(noun) id (NS-<REGION>-...): send the request to a node of that region")
        case .unavailable: HTTPError(503, "the store is busy; retry later", headers: HTTPHeaders([("retry-after", "1")]))
        case .internalError: HTTPError(500, "internal error")
        }
    }
}
