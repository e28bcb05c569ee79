import JSONCore

/// The sandbox provider's catalogue, parsed from JSON (`LocalInventory.json`, compiled in, or `--provider-data FILE`):
/// `{"numbers": [{phone_number, locality, region, iso_country}], "addresses": [{sid, friendly_name, street,
/// street_secondary, city, region, postal_code, iso_country}], "bundles": [{sid, friendly_name, iso_country,
/// status}], "trust_products": [{sid, friendly_name}]}`.
struct LocalInventory: Sendable {
    struct Number: Sendable {
        let offer: AvailableNumber
        let country: String
    }

    struct Bundle: Sendable {
        let bundle: RegulatoryBundle
        let country: String
        let approved: Bool
    }

    struct InvalidInventory: Error, CustomStringConvertible {
        let description: String
    }

    let numbers: [Number]
    let addresses: [ProviderAddress]
    let bundles: [Bundle]
    let trustProducts: [TrustProduct]

    static func parse(_ bytes: [UInt8]) throws(InvalidInventory) -> LocalInventory {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw InvalidInventory(description: "the provider inventory is not JSON: \(error.description)")
        }
        func entries(_ name: String) throws(InvalidInventory) -> [JSONValue] {
            guard case .array(let items)? = document[name] else {
                throw InvalidInventory(description: "the provider inventory needs an array \"\(name)\"")
            }
            return items
        }
        func text(_ entry: JSONValue, _ field: String, in list: String) throws(InvalidInventory) -> String {
            guard let value = entry[field]?.stringValue else {
                throw InvalidInventory(description: "every entry of \"\(list)\" needs a string \"\(field)\"")
            }
            return value
        }
        var numbers: [Number] = []
        for entry in try entries("numbers") {
            let number = try text(entry, "phone_number", in: "numbers")
            guard PhoneNumber.isE164(number) else {
                throw InvalidInventory(description: "a number of the provider inventory is not in E.164 form")
            }
            numbers.append(Number(offer: AvailableNumber(phoneNumber: number, locality: try text(entry, "locality", in: "numbers"),
                                                         region: try text(entry, "region", in: "numbers")),
                                  country: try text(entry, "iso_country", in: "numbers")))
        }
        var addresses: [ProviderAddress] = []
        for entry in try entries("addresses") {
            func field(_ name: String) throws(InvalidInventory) -> String { try text(entry, name, in: "addresses") }
            addresses.append(ProviderAddress(sid: try field("sid"), friendlyName: try field("friendly_name"),
                                             street: try field("street"), streetSecondary: try field("street_secondary"),
                                             city: try field("city"), region: try field("region"),
                                             postalCode: try field("postal_code"), isoCountry: try field("iso_country")))
        }
        var bundles: [Bundle] = []
        for entry in try entries("bundles") {
            bundles.append(Bundle(bundle: RegulatoryBundle(sid: try text(entry, "sid", in: "bundles"),
                                                           friendlyName: try text(entry, "friendly_name", in: "bundles")),
                                  country: try text(entry, "iso_country", in: "bundles"),
                                  approved: try text(entry, "status", in: "bundles") == "twilio-approved"))
        }
        var trustProducts: [TrustProduct] = []
        for entry in try entries("trust_products") {
            trustProducts.append(TrustProduct(sid: try text(entry, "sid", in: "trust_products"),
                                              friendlyName: try text(entry, "friendly_name", in: "trust_products")))
        }
        return LocalInventory(numbers: numbers, addresses: addresses, bundles: bundles, trustProducts: trustProducts)
    }
}
