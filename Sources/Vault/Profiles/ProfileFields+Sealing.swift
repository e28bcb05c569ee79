import JSONCore

/// The plaintext that gets sealed: the fields as one compact JSON object in a fixed order.
extension ProfileFields {
    var sealingBytes: [UInt8] {
        var members = [JSONMember("email", .string(email))]
        members.append(JSONMember("full_name", fullName.map(JSONValue.string) ?? .null))
        // Only when set: a profile named by one full name seals the bytes it always did.
        if let firstName { members.append(JSONMember("first_name", .string(firstName))) }
        if let lastName { members.append(JSONMember("last_name", .string(lastName))) }
        members.append(JSONMember("phone_number", phoneNumber.map(JSONValue.string) ?? .null))
        members.append(JSONMember("store_id", storeID.map(JSONValue.string) ?? .null))
        members.append(JSONMember("created_by", createdBy.map(JSONValue.string) ?? .null))
        members.append(JSONMember("extended_attributes", .object(extendedAttributes.map { attribute in
            JSONMember(attribute.name, .object([JSONMember("data_type", .string(attribute.dataType)),
                                                 JSONMember("value", attribute.value)]))
        })))
        return JSONValue.object(members).serialized
    }

    init(sealingBytes: [UInt8]) throws {
        let value = try JSONParser.parse(sealingBytes)
        guard let email = value["email"]?.stringValue else { throw StoredRecordError.malformed }
        self.init(email: email, fullName: value["full_name"]?.stringValue, phoneNumber: value["phone_number"]?.stringValue,
                  storeID: value["store_id"]?.stringValue, createdBy: value["created_by"]?.stringValue)
        firstName = value["first_name"]?.stringValue
        lastName = value["last_name"]?.stringValue
        for member in value["extended_attributes"]?.objectMembers ?? [] {
            guard let type = member.value["data_type"]?.stringValue, let attributeValue = member.value["value"] else {
                throw StoredRecordError.malformed
            }
            extendedAttributes.append(ExtendedAttribute(name: member.key, dataType: type, value: attributeValue))
        }
    }
}

extension AddressFields {
    /// Also the input of the address fingerprint: equal fields give equal bytes.
    var canonicalBytes: [UInt8] {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        // `type` only when set: an address without one seals (and fingerprints) the bytes it always did.
        return JSONValue.object((kind.map { [JSONMember("type", .string($0))] } ?? []) + [
            JSONMember("full_name", optional(fullName)),
            JSONMember("company_name", optional(companyName)),
            JSONMember("address_line_1", optional(addressLine1)),
            JSONMember("address_line_2", optional(addressLine2)),
            JSONMember("zip_code", optional(zipCode)),
            JSONMember("city", optional(city)),
            JSONMember("state", optional(state)),
            JSONMember("country_code", .string(countryCode)),
            JSONMember("contact_phone", optional(contactPhone)),
        ]).serialized
    }

    init(canonicalBytes: [UInt8]) throws {
        let value = try JSONParser.parse(canonicalBytes)
        guard let country = value["country_code"]?.stringValue else { throw StoredRecordError.malformed }
        self.init(fullName: value["full_name"]?.stringValue, companyName: value["company_name"]?.stringValue,
                  addressLine1: value["address_line_1"]?.stringValue, addressLine2: value["address_line_2"]?.stringValue,
                  zipCode: value["zip_code"]?.stringValue, city: value["city"]?.stringValue,
                  state: value["state"]?.stringValue, countryCode: country, contactPhone: value["contact_phone"]?.stringValue)
        kind = value["type"]?.stringValue
    }
}

/// A record opened fine but its plaintext is not what the vault writes: a bug or corruption, never a
/// client's doing.
package enum StoredRecordError: Error { case malformed }
