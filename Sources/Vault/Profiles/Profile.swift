import JSONCore

/// A customer profile as the vault hands it out: its id (a token that never expires), a short display id
/// for people to read out, the PII fields, and its times in milliseconds since the epoch.
package struct Profile: Sendable, Equatable {
    package let id: Token
    package let displayID: String
    package var fields: ProfileFields
    package let createdAt: Int64
    package var updatedAt: Int64
}

/// The PII of a profile. Every field is sealed under the profile's own data key; none is stored in clear.
package struct ProfileFields: Sendable, Equatable {
    package var email: String
    package var fullName: String?
    /// Set through v2 (or v0), which name a person in two parts; `fullName` is then the two joined, so v1,
    /// search and every generation read one name. Nil for a profile named by `full_name` alone.
    package var firstName: String?
    package var lastName: String?
    package var phoneNumber: String?
    package var storeID: String?
    package var createdBy: String?
    /// In the order the client sent them; names are unique.
    package var extendedAttributes: [ExtendedAttribute]

    package init(email: String, fullName: String? = nil, phoneNumber: String? = nil, storeID: String? = nil,
                createdBy: String? = nil, extendedAttributes: [ExtendedAttribute] = []) {
        self.email = email
        self.fullName = fullName
        self.firstName = nil
        self.lastName = nil
        self.phoneNumber = phoneNumber
        self.storeID = storeID
        self.createdBy = createdBy
        self.extendedAttributes = extendedAttributes
    }

    /// Names the person in two parts; the full name becomes them joined by a space (nil when both are).
    package mutating func setNameParts(first: String?, last: String?) {
        firstName = first
        lastName = last
        let parts = [first, last].compactMap { $0 }.filter { !$0.isEmpty }
        fullName = parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Names the person by one full name; any two-part name is dropped (it would say something else).
    package mutating func setFullName(_ name: String?) {
        fullName = name
        firstName = nil
        lastName = nil
    }
}

/// One `extended_attributes` entry: `{"loyalty_id": {"data_type": "string", "value": "0123456789"}}`.
package struct ExtendedAttribute: Sendable, Equatable {
    package var name: String
    package var dataType: String
    package var value: JSONValue

    package init(name: String, dataType: String, value: JSONValue) {
        self.name = name
        self.dataType = dataType
        self.value = value
    }
}

/// A partial update: nil leaves a field as it is; `.some(nil)` clears an optional field. Extended
/// attributes merge by name, and an attribute set to nil is removed (as in a JSON merge patch).
package struct ProfilePatch: Sendable {
    package var lastUpdatedAt: Int64
    package var email: String?
    package var fullName: String??
    /// v2's two-part name: either set, the other kept as stored (see `ProfileFields.setNameParts`).
    package var firstName: String??
    package var lastName: String??
    package var phoneNumber: String??
    package var storeID: String??
    package var createdBy: String??
    package var extendedAttributes: [(name: String, attribute: ExtendedAttribute?)] = []
    /// v2's update: the whole map replaced by these (nil: merged by name as above).
    package var replacingExtendedAttributes: [ExtendedAttribute]?

    package init(lastUpdatedAt: Int64) { self.lastUpdatedAt = lastUpdatedAt }

    func applied(to fields: ProfileFields) -> ProfileFields {
        var out = fields
        if let email { out.email = email }
        if let fullName { out.setFullName(fullName) }
        if firstName != nil || lastName != nil {
            out.setNameParts(first: firstName ?? out.firstName, last: lastName ?? out.lastName)
        }
        if let replacingExtendedAttributes { out.extendedAttributes = replacingExtendedAttributes }
        if let phoneNumber { out.phoneNumber = phoneNumber }
        if let storeID { out.storeID = storeID }
        if let createdBy { out.createdBy = createdBy }
        for (name, attribute) in extendedAttributes {
            if let index = out.extendedAttributes.firstIndex(where: { $0.name == name }) {
                if let attribute { out.extendedAttributes[index] = attribute } else { out.extendedAttributes.remove(at: index) }
            } else if let attribute {
                out.extendedAttributes.append(attribute)
            }
        }
        return out
    }
}
