import JSONCore
import Logging
import Vault

/// The JSON of profiles and addresses, as `GET` answers them and detokenize returns them.
enum ProfileJSON {
    static func write(_ profile: Profile, into writer: inout JSONWriter) {
        write(profile, names: .v1, into: &writer)
    }

    /// How a profile is answered: v1 has `full_name` alone and null for what is unset; v2 adds `first_name`
    /// and `last_name` (as stored when the tenant enabled them, `first_and_last_name_enabled`, else empty),
    /// answers every field as a string ("" when unset), and each extended attribute's value as a string (JSON
    /// text for a number or boolean), as its schema says.
    enum Names: Sendable { case v1, fullOnly, parts }

    static func write(_ profile: Profile, names: Names, into writer: inout JSONWriter) {
        writer.append("{\"id\":")
        writer.writeString(profile.id.string)
        writer.append(",\"display_id\":")
        writer.writeString(profile.displayID)
        let fields = profile.fields, v2 = names != .v1
        func text(_ value: String?) -> String? { v2 ? value ?? "" : value }
        member("email", fields.email, &writer)
        member("full_name", text(fields.fullName), &writer)
        if v2 {
            member("first_name", text(names == .parts ? fields.firstName : nil), &writer)
            member("last_name", text(names == .parts ? fields.lastName : nil), &writer)
        }
        member("phone_number", text(fields.phoneNumber), &writer)
        member("store_id", text(fields.storeID), &writer)
        member("created_by", text(fields.createdBy), &writer)
        writer.append(",\"extended_attributes\":")
        writer.write(.object(fields.extendedAttributes.map { attribute in
            let value: JSONValue = v2 ? .string(attribute.value.stringValue ?? String(decoding: attribute.value.serialized, as: UTF8.self))
                                      : attribute.value
            return JSONMember(attribute.name, .object([JSONMember("data_type", .string(attribute.dataType)), JSONMember("value", value)]))
        }))
        times(profile.createdAt, profile.updatedAt, &writer)
        writer.append("}")
    }

    static func write(_ address: Address, into writer: inout JSONWriter) {
        write(address, omittingUnset: false, into: &writer)
    }

    /// `omittingUnset`: v2's shape, which leaves out a field the address does not have (v1 answers null).
    static func write(_ address: Address, omittingUnset: Bool, into writer: inout JSONWriter) {
        writer.append("{\"id\":")
        writer.writeString(address.id.string)
        let fields = address.fields
        for (name, value) in [("full_name", fields.fullName), ("company_name", fields.companyName), ("address_line_1", fields.addressLine1),
                              ("address_line_2", fields.addressLine2), ("zip_code", fields.zipCode), ("city", fields.city),
                              ("state", fields.state), ("country_code", fields.countryCode), ("contact_phone", fields.contactPhone)]
        where value != nil || !omittingUnset {
            member(name, value, &writer)
        }
        times(address.createdAt, address.updatedAt, &writer)
        writer.append("}")
    }

    static func body(_ profile: Profile, names: Names = .v1) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        write(profile, names: names, into: &writer)
        return writer.bytes
    }

    static func body(_ address: Address, omittingUnset: Bool = false) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        write(address, omittingUnset: omittingUnset, into: &writer)
        return writer.bytes
    }

    /// `{"<field>": [items...], "pagination_info": {"count", "total", "offset"}}`.
    static func page<T>(_ field: StaticString, _ items: [T], total: Int, offset: Int,
                        write: (T, inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: 128 + items.count * 512)
        writer.append("{\"")
        writer.append(field)
        writer.append("\":[")
        for (i, item) in items.enumerated() {
            if i > 0 { writer.append(",") }
            write(item, &writer)
        }
        writer.append("],\"pagination_info\":{\"count\":")
        writer.writeInteger(items.count)
        writer.append(",\"total\":")
        writer.writeInteger(total)
        writer.append(",\"offset\":")
        writer.writeInteger(offset)
        writer.append("}}")
        return writer.bytes
    }

    private static func member(_ name: String, _ value: String?, _ writer: inout JSONWriter) {
        writer.append(",")
        writer.writeString(name)
        writer.append(":")
        if let value { writer.writeString(value) } else { writer.append("null") }
    }

    private static func times(_ created: Int64, _ updated: Int64, _ writer: inout JSONWriter) {
        writer.append(",\"created_at\":")
        writer.writeString(RFC3339.format(milliseconds: created))
        writer.append(",\"updated_at\":")
        writer.writeString(RFC3339.format(milliseconds: updated))
    }
}
