/// A postal address of a profile. Its id is a token of the profile's region; it is sealed under the
/// profile's data key, so destroying that key destroys the profile's addresses too.
package struct Address: Sendable, Equatable {
    package let id: Token
    package var fields: AddressFields
    package let createdAt: Int64
    package var updatedAt: Int64
}

/// v1 requires `full_name`, `address_line_1`, `zip_code` and `city`; v2 only `country_code`, so an address
/// made through v2 may lack them (and v1 answers them null).
package struct AddressFields: Sendable, Equatable {
    package var fullName: String?
    package var companyName: String?
    package var addressLine1: String?
    package var addressLine2: String?
    package var zipCode: String?
    package var city: String?
    package var state: String?
    /// ISO 3166-1 alpha-2, upper case.
    package var countryCode: String
    package var contactPhone: String?
    /// v0's `type`: `billing` or `shipping`; nil for an address made through v1 or v2, which have no type.
    package var kind: String?

    package init(fullName: String?, companyName: String? = nil, addressLine1: String?, addressLine2: String? = nil,
                zipCode: String?, city: String?, state: String? = nil, countryCode: String, contactPhone: String? = nil) {
        self.fullName = fullName
        self.companyName = companyName
        self.addressLine1 = addressLine1
        self.addressLine2 = addressLine2
        self.zipCode = zipCode
        self.city = city
        self.state = state
        self.countryCode = countryCode
        self.contactPhone = contactPhone
    }
}

/// A partial address update, as `ProfilePatch`. `country_code` cannot be cleared; v1's requests cannot clear
/// its other required fields either (it refuses null for them), v2's can. `lastUpdatedAt` is the version
/// the caller read (409 when stale); nil only for v0, whose address updates carry none.
package struct AddressPatch: Sendable {
    package var lastUpdatedAt: Int64?
    package var kind: String?
    package var fullName: String??
    package var companyName: String??
    package var addressLine1: String??
    package var addressLine2: String??
    package var zipCode: String??
    package var city: String??
    package var state: String??
    package var countryCode: String?
    package var contactPhone: String??

    package init(lastUpdatedAt: Int64?) { self.lastUpdatedAt = lastUpdatedAt }

    func applied(to fields: AddressFields) -> AddressFields {
        var out = fields
        if let kind { out.kind = kind }
        if let fullName { out.fullName = fullName }
        if let companyName { out.companyName = companyName }
        if let addressLine1 { out.addressLine1 = addressLine1 }
        if let addressLine2 { out.addressLine2 = addressLine2 }
        if let zipCode { out.zipCode = zipCode }
        if let city { out.city = city }
        if let state { out.state = state }
        if let countryCode { out.countryCode = countryCode }
        if let contactPhone { out.contactPhone = contactPhone }
        return out
    }
}
