import HTTPServer
import JSONCore

/// Retailer configuration, store registration and onboarding (number, then WhatsApp).
struct StoreEndpoints: Sendable {
    let onboarding: Onboarding
    var store: SetupStore { onboarding.store }

    static let maxPage = 500
    // Field lengths in characters (the OpenAPI part states them).
    static let linkLength = 1...2_048
    static let nameLength = 1...200
    static let sidLength = 1...64
    static let wabaIDLength = 1...32
    static let profileNameLength = 1...128

    func configureRetailer(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        try store.configureRetailer(caller, ecomLink: try ecomLink(request))
        return HTTPResponse(status: 204)
    }

    func getRetailer(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        guard let retailer = try store.retailer(tenant: caller.tenant) else { throw SetupError.notFound(SetupStore.notConfigured) }
        return SetupJSON.response(200, SetupJSON.retailer(retailer))
    }

    func updateRetailer(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        return SetupJSON.response(200, SetupJSON.retailer(try store.updateRetailer(caller, ecomLink: try ecomLink(request))))
    }

    /// The body of both retailer writes: `{"ecom_link": "https://..."}` and nothing else.
    private func ecomLink(_ request: HTTPRequest) throws -> String {
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["ecom_link"])
        return try SetupFormat.httpsLink(try body.required("ecom_link", length: Self.linkLength))
    }

    func put(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let id = try SetupFormat.storeID(request)
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["name", "country_code", "landline"])
        let name = try body.required("name", length: Self.nameLength)
        let country = try SetupFormat.country(try body.required("country_code", length: 1...2))
        let landline = try SetupFormat.phoneNumber(try body.required("landline", length: 1...16), field: "landline")
        let (record, created) = try store.putStore(caller, id: id, name: name, country: country, landline: landline)
        return SetupJSON.response(created ? 201 : 200, SetupJSON.store(record))
    }

    func get(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let id = try SetupFormat.storeID(request)
        _ = try SetupFormat.query(request, accepted: [])
        return SetupJSON.response(200, SetupJSON.store(try onboarding.existingStore(caller, id)))
    }

    /// `?limit=` (1 to 500, default 100) and `?after=<store_id>` from the previous page's `next_after`.
    func list(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let query = try SetupFormat.query(request, accepted: ["limit", "after"])
        var limit = 100
        if let text = query["limit"] {
            guard let value = Int(text), (1...Self.maxPage).contains(value) else {
                throw HTTPError(400, "limit must be an integer from 1 to \(Self.maxPage)")
            }
            limit = value
        }
        let records = try store.stores(tenant: caller.tenant, after: query["after"], limit: limit + 1)
        let page = records.prefix(limit)
        let next: JSONValue = records.count > limit ? .string(page.last!.storeID) : .null
        return SetupJSON.response(200, SetupJSON.object([("stores", .array(page.map(SetupJSON.store))),
                                                         ("next_after", next)]))
    }

    /// `POST /setup/stores/{store_id}?enable=true|false`: 204 once the number is the store's.
    func onboard(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let id = try SetupFormat.storeID(request)
        let query = try SetupFormat.query(request, accepted: ["enable"])
        let enable: Bool
        switch query["enable"] {
        case nil, "false"?: enable = false
        case "true"?: enable = true
        default: throw HTTPError(400, "enable must be true or false")
        }
        let body = try SetupBody(request, accepted: ["phone_number", "bundle_sid", "address_sid"])
        let number = try SetupFormat.phoneNumber(try body.required("phone_number", length: 1...16), field: "phone_number")
        let onboard = Onboarding.Request(phoneNumber: number, bundleSID: try body.string("bundle_sid", length: Self.sidLength),
                                         addressSID: try body.string("address_sid", length: Self.sidLength), enable: enable)
        try onboarding.onboard(caller, storeID: id, onboard)
        return HTTPResponse(status: 204)
    }

    func whatsApp(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let id = try SetupFormat.storeID(request)
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["waba_id", "profile_name"])
        let wabaID = try body.required("waba_id", length: Self.wabaIDLength)
        guard wabaID.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw HTTPError(400, "waba_id must be the digits of a WhatsApp Business Account id")
        }
        let profileName = try body.required("profile_name", length: Self.profileNameLength)
        try onboarding.onboardWhatsApp(caller, storeID: id, wabaID: wabaID, profileName: profileName)
        return HTTPResponse(status: 204)
    }
}
