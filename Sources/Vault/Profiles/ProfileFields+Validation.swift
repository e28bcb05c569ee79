/// The rules each field must meet (see `FieldRules`); the vault checks them on every write.
extension ProfileFields {
    package func validate() throws(FieldError) {
        try FieldRules.email(email)
        try FieldRules.text(fullName, field: "full_name")
        try FieldRules.text(firstName, field: "first_name", maxLength: FieldRules.maxNamePartLength)
        try FieldRules.text(lastName, field: "last_name", maxLength: FieldRules.maxNamePartLength)
        try FieldRules.e164(phoneNumber, field: "phone_number")
        try FieldRules.text(storeID, field: "store_id")
        try FieldRules.text(createdBy, field: "created_by")
        try FieldRules.extendedAttributes(extendedAttributes)
    }
}

extension AddressFields {
    package func validate() throws(FieldError) {
        try FieldRules.text(fullName, field: "full_name", notBlank: true)
        try FieldRules.text(companyName, field: "company_name")
        try FieldRules.text(addressLine1, field: "address_line_1", notBlank: true)
        try FieldRules.text(addressLine2, field: "address_line_2")
        try FieldRules.text(zipCode, field: "zip_code", notBlank: true, maxLength: FieldRules.maxZipCodeLength)
        try FieldRules.text(city, field: "city", notBlank: true)
        try FieldRules.text(state, field: "state")
        try FieldRules.countryCode(countryCode)
        try FieldRules.loosePhone(contactPhone, field: "contact_phone")
        if let kind, !["billing", "shipping"].contains(kind) { throw FieldError("type", "must be billing or shipping") }
    }
}
