import HTTPServer
import JSONCore
import Logging

/// The JSON forms of set-up records: snake_case, times in RFC 3339, absent values as null.
enum SetupJSON {
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    static func time(_ milliseconds: Int64?) -> JSONValue {
        milliseconds.map { .string(RFC3339.format(milliseconds: $0)) } ?? .null
    }

    static func count(_ value: Int) -> JSONValue { .number(String(value)) }

    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members.map { JSONMember($0.0, $0.1) })
    }

    static func response(_ status: Int, _ value: JSONValue) -> HTTPResponse { .json(status, value.serialized) }

    static func store(_ record: StoreRecord) -> JSONValue {
        object([
            ("store_id", .string(record.storeID)), ("name", .string(record.name)),
            ("country_code", .string(record.country.code)), ("landline", .string(record.landline)),
            ("phone_number", text(record.phoneNumber)), ("number_status", .string(record.numberStatus.rawValue)),
            ("bundle_sid", text(record.bundleSID)), ("address_sid", text(record.addressSID)),
            ("enabled", .bool(record.enabled)),
            ("whatsapp", object([("status", .string(record.whatsAppStatus.rawValue)), ("waba_id", text(record.wabaID)),
                                 ("profile_name", text(record.profileName))])),
            ("created_at", time(record.createdAt)), ("updated_at", time(record.updatedAt)),
        ])
    }

    static func retailer(_ retailer: SetupStore.Retailer) -> JSONValue {
        object([("ecom_link", .string(retailer.ecomLink)), ("created_at", time(retailer.createdAt)),
                ("updated_at", time(retailer.updatedAt))])
    }

    static func number(_ number: AvailableNumber) -> JSONValue {
        object([("phone_number", .string(number.phoneNumber)), ("locality", .string(number.locality)),
                ("region", .string(number.region))])
    }

    static func address(_ address: ProviderAddress) -> JSONValue {
        object([
            ("sid", .string(address.sid)), ("friendly_name", .string(address.friendlyName)),
            ("street", .string(address.street)), ("street_secondary", .string(address.streetSecondary)),
            ("city", .string(address.city)), ("region", .string(address.region)),
            ("postal_code", .string(address.postalCode)), ("iso_country", .string(address.isoCountry)),
        ])
    }

    static func bundle(_ bundle: RegulatoryBundle) -> JSONValue {
        object([("sid", .string(bundle.sid)), ("friendly_name", .string(bundle.friendlyName))])
    }

    static func requirements(_ row: RegulatoryRequirements, documentRegion: String) -> JSONValue {
        object([
            ("country_code", .string(row.country.code)), ("country_name", .string(row.countryName)),
            ("self_service", .bool(row.selfService)), ("needs_regulatory_bundle", .bool(row.needsBundle)),
            ("listed_in_guide", .bool(row.listedInGuide)),
            ("information_required", .array(row.informationRequired.map(JSONValue.string))),
            ("supporting_documents", .array(row.supportingDocuments.map(JSONValue.string))),
            ("document_region", .string(documentRegion)),
        ])
    }

    static func optIn(_ template: OptInTemplate) -> JSONValue {
        object([("body", .string(template.body)), ("default", .bool(template.isDefault)),
                ("updated_at", time(template.updatedAt))])
    }

    static func quickReply(_ reply: QuickReply) -> JSONValue {
        object([("id", .string(reply.id)), ("title", .string(reply.title)), ("message", .string(reply.message)),
                ("created_at", time(reply.createdAt)), ("updated_at", time(reply.updatedAt))])
    }
}
