import HTTPServer
import JSONCore
import Vault

/// v0's request bodies into the shared records' values: names in two parts, phone numbers to E.164 with
/// `country_code`, extended attributes as a list of `{name, value}` (stored as strings), addresses typed
/// `billing` or `shipping`.
enum LegacyCustomerRequests {
    static let addressFields = ["type", "company", "first_name", "last_name", "address_1", "address_2", "zip_code", "city",
                                "state", "country_code", "contact_phone", "profile_revision"]

    static func creation(_ members: [JSONMember]) throws(HTTPError) -> (fields: ProfileFields, addresses: [AddressFields]) {
        let body = try BodyFields(members, accepted: ["email", "first_name", "last_name", "phone_number", "country_code",
                                                      "billing_address", "shipping_address", "extended_attributes"])
        var fields = ProfileFields(email: try body.requiredString("email"))
        try names(body, into: &fields)
        fields.phoneNumber = try phone(body)
        fields.extendedAttributes = try attributes(body) ?? []
        var addresses: [AddressFields] = []
        for (name, kind) in [("billing_address", "billing"), ("shipping_address", "shipping")] {
            guard let members = try body.object(name) else { continue }
            var address = try address(members, prefix: name + ".")
            address.kind = kind
            addresses.append(address)
        }
        return (fields, addresses)
    }

    /// `first_name`, `last_name`, `extended_attributes` (the whole list) and `revision` are required.
    static func update(_ members: [JSONMember]) throws(HTTPError) -> ProfilePatch {
        let body = try BodyFields(members, accepted: ["first_name", "last_name", "phone_number", "country_code", "email",
                                                      "extended_attributes", "revision"])
        var patch = ProfilePatch(lastUpdatedAt: try revision(body, "revision"))
        patch.firstName = .some(try body.requiredString("first_name"))
        patch.lastName = .some(try body.requiredString("last_name"))
        if body.has("phone_number") { patch.phoneNumber = .some(try phone(body)) }
        patch.email = try body.string("email")
        guard let attributes = try attributes(body) else { throw HTTPError(422, "extended_attributes is required") }
        patch.replacingExtendedAttributes = attributes
        return patch
    }

    static func address(_ members: [JSONMember]) throws(HTTPError) -> AddressFields {
        try address(members, prefix: "")
    }

    /// Any field may be left out; `type` and `country_code` may not be null.
    static func addressPatch(_ members: [JSONMember]) throws(HTTPError) -> AddressPatch {
        let body = try BodyFields(members, accepted: addressFields)
        _ = try revision(body, "profile_revision", required: false)
        var patch = AddressPatch(lastUpdatedAt: nil)
        patch.kind = try kind(body, required: false)
        if body.has("first_name") || body.has("last_name") { patch.fullName = .some(try joined(body)) }
        patch.companyName = try body.optionalString("company")
        patch.addressLine1 = try body.optionalString("address_1")
        patch.addressLine2 = try body.optionalString("address_2")
        patch.zipCode = try body.optionalString("zip_code")
        patch.city = try body.optionalString("city")
        patch.state = try body.optionalString("state")
        patch.countryCode = try body.string("country_code")
        patch.contactPhone = try body.optionalString("contact_phone")
        return patch
    }

    /// `{"profile_revision": n}`, which v0's address deletion requires.
    static func addressDeletion(_ members: [JSONMember]) throws(HTTPError) {
        _ = try revision(try BodyFields(members, accepted: ["profile_revision"]), "profile_revision")
    }

    private static func address(_ members: [JSONMember], prefix: String) throws(HTTPError) -> AddressFields {
        let body = try BodyFields(members, accepted: addressFields, prefix: prefix)
        _ = try revision(body, "profile_revision", required: false)
        func text(_ name: String) throws(HTTPError) -> String? { try body.optionalString(name) ?? nil }
        var fields = AddressFields(fullName: try joined(body), companyName: try text("company"), addressLine1: try text("address_1"),
                                   addressLine2: try text("address_2"), zipCode: try text("zip_code"), city: try text("city"),
                                   state: try text("state"), countryCode: try body.requiredString("country_code"),
                                   contactPhone: try text("contact_phone"))
        fields.kind = try kind(body, required: prefix.isEmpty)
        return fields
    }

    private static func kind(_ body: BodyFields, required: Bool) throws(HTTPError) -> String? {
        guard let kind = try body.string("type") else {
            if required { throw HTTPError(422, "type is required: billing or shipping") }
            return nil
        }
        guard kind == "billing" || kind == "shipping" else { throw HTTPError(422, "type must be billing or shipping") }
        return kind
    }

    /// An address's one name: its two parts joined by a space; nil when both are absent or empty.
    private static func joined(_ body: BodyFields) throws(HTTPError) -> String? {
        let parts = [try body.optionalString("first_name") ?? nil, try body.optionalString("last_name") ?? nil]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private static func names(_ body: BodyFields, into fields: inout ProfileFields) throws(HTTPError) {
        let first = try body.optionalString("first_name") ?? nil, last = try body.optionalString("last_name") ?? nil
        if first != nil || last != nil { fields.setNameParts(first: first, last: last) }
    }

    private static func phone(_ body: BodyFields) throws(HTTPError) -> String? {
        guard let number = try body.optionalString("phone_number") ?? nil, !number.isEmpty else { return nil }
        let country = try body.string("country_code")
        do throws(LegacyPhone.Problem) {
            return try LegacyPhone.e164(number, country: country)
        } catch {
            switch error {
            case .needsCountry: throw HTTPError(422, "phone_number needs country_code unless it is in E.164 (+ and the calling code)")
            case .unknownCountry: throw HTTPError(422, "phone_number: this vault knows no calling code for that country_code; send E.164")
            }
        }
    }

    /// `[{"name", "value"}]`, at most 20, stored as string attributes.
    private static func attributes(_ body: BodyFields) throws(HTTPError) -> [ExtendedAttribute]? {
        guard let items = try body.array("extended_attributes") else { return nil }
        var out: [ExtendedAttribute] = []
        for item in items {
            guard let members = item.objectMembers, members.count == 2, let name = item["name"]?.stringValue,
                  let value = item["value"]?.stringValue else {
                throw HTTPError(422, "extended_attributes must be a list of objects with exactly name and value, both strings")
            }
            guard !out.contains(where: { $0.name == name }) else { throw HTTPError(422, "extended_attributes has a duplicate name") }
            out.append(ExtendedAttribute(name: name, dataType: "string", value: .string(value)))
        }
        return out
    }

    private static func revision(_ body: BodyFields, _ name: String, required: Bool = true) throws(HTTPError) -> Int64 {
        guard let value = try body.integer(name) else {
            if required { throw HTTPError(422, "\(name) is required: the revision read before") }
            return 0
        }
        guard value >= 0 else { throw HTTPError(422, "\(name) must be a whole number of at least 0") }
        return value
    }
}
