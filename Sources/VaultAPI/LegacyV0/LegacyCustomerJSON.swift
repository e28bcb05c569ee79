import HTTPServer
import JSONCore
import Logging
import Vault

/// v0's customers and addresses, from the shared records (mappings in docs/api-versions.md). Every field is a
/// string ("" when unset); `revision` is the record's `updated_at` in milliseconds, so any generation's
/// update gives a new one.
enum LegacyCustomerJSON {
    static func customer(_ profile: Profile, addresses: [Address]) -> JSONValue {
        let fields = profile.fields
        return .object(names(fields) + [
            JSONMember("id", .string(profile.id.string)),
            JSONMember("display_id", .string(profile.displayID)),
            JSONMember("email", .string(fields.email)),
            JSONMember("phone_number", .string(fields.phoneNumber ?? "")),
            JSONMember("country_code", .string(LegacyPhone.country(of: fields.phoneNumber))),
            JSONMember("addresses", .array(addresses.map(address))),
            JSONMember("extended_attributes", .array(fields.extendedAttributes.map { attribute in
                .object([JSONMember("name", .string(attribute.name)), JSONMember("value", .string(stringValue(attribute.value)))])
            })),
            JSONMember("created_by", .string(fields.createdBy ?? "")),
            JSONMember("created_by_name", .string("")),
            JSONMember("store_id", .string(fields.storeID ?? "")),
            JSONMember("store_name", .string("")),
            JSONMember("created_at", .string(RFC3339.format(milliseconds: profile.createdAt))),
            JSONMember("updated_at", .string(RFC3339.format(milliseconds: profile.updatedAt))),
            JSONMember("revision", .number(String(profile.updatedAt))),
        ])
    }

    /// The list's simplified item.
    static func simplified(_ profile: Profile) -> JSONValue {
        let fields = profile.fields
        return .object(names(fields) + [
            JSONMember("email", .string(fields.email)), JSONMember("id", .string(profile.id.string)),
            JSONMember("phone_number", .string(fields.phoneNumber ?? "")),
            JSONMember("country_code", .string(LegacyPhone.country(of: fields.phoneNumber))),
            JSONMember("created_by_name", .string("")), JSONMember("store_name", .string("")),
            JSONMember("created_at", .string(RFC3339.format(milliseconds: profile.createdAt))),
            JSONMember("display_id", .string(profile.displayID)),
        ])
    }

    /// An address holds one name: v0 answers it as `first_name` (a v0 address's two parts were joined).
    static func address(_ address: Address) -> JSONValue {
        let fields = address.fields
        func text(_ value: String?) -> JSONValue { .string(value ?? "") }
        return .object([
            JSONMember("type", text(fields.kind)), JSONMember("company", text(fields.companyName)),
            JSONMember("first_name", text(fields.fullName)), JSONMember("last_name", .string("")),
            JSONMember("address_1", text(fields.addressLine1)), JSONMember("address_2", text(fields.addressLine2)),
            JSONMember("zip_code", text(fields.zipCode)), JSONMember("city", text(fields.city)), JSONMember("state", text(fields.state)),
            JSONMember("country_code", .string(fields.countryCode)), JSONMember("contact_phone", text(fields.contactPhone)),
            JSONMember("id", .string(address.id.string)),
            JSONMember("created_at", .string(RFC3339.format(milliseconds: address.createdAt))),
            JSONMember("updated_at", .string(RFC3339.format(milliseconds: address.updatedAt))),
            JSONMember("revision", .number(String(address.updatedAt))),
        ])
    }

    /// Two parts as stored; a profile named by one full name answers it whole as `first_name`.
    private static func names(_ fields: ProfileFields) -> [JSONMember] {
        let parts = fields.firstName != nil || fields.lastName != nil
        return [JSONMember("first_name", .string((parts ? fields.firstName : fields.fullName) ?? "")),
                JSONMember("last_name", .string(parts ? fields.lastName ?? "" : ""))]
    }

    static func stringValue(_ value: JSONValue) -> String {
        value.stringValue ?? String(decoding: value.serialized, as: UTF8.self)
    }
}
