import HTTPServer
import JSONCore

/// `GET /clienteling/profiles` and `GET /clienteling/profiles/{customer_id}`: shoppers who answered a store,
/// in the v2 swagger's shapes. Consent comes from the set-up store, the phone number from the vault's
/// profile (`ShopperDirectory`); a profile the vault no longer has (erased) is not listed, and is 404.
struct ClientelingProfileEndpoints: Sendable {
    let store: SetupStore
    let directory: any ShopperDirectory
    let pages: PageToken

    static let pageSize = 1...1_000
    static let defaultPageSize = 100
    static let customerIDLength = 1...128

    func list(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let query = try SetupFormat.query(request, accepted: ["next_page_token", "page_size"])
        var size = Self.defaultPageSize
        if let text = query["page_size"] {
            guard let value = Int(text), Self.pageSize.contains(value) else {
                throw HTTPError(400, "page_size must be an integer from \(Self.pageSize.lowerBound) to \(Self.pageSize.upperBound)")
            }
            size = value
        }
        let after = try query["next_page_token"].map { token throws(SetupError) in try pages.open(token, tenant: caller.tenant) }
        let groups = ClientelingProfile.grouped(try store.optIns(tenant: caller.tenant, after: after, limit: size + 1))
        let page = groups.prefix(size)
        let numbers = try directory.phoneNumbers(caller, profileIDs: page.map(\.profileID))
        let profiles = page.compactMap { group in
            numbers[group.profileID].map { ClientelingProfile(customerID: group.profileID, optIns: group.optIns, phoneNumber: $0) }
        }
        let next: JSONValue = try groups.count > size ? .string(pages.seal(after: page.last!.profileID, tenant: caller.tenant)) : .null
        return SetupJSON.response(200, SetupJSON.object([("profiles", .array(profiles.map(Self.json))),
                                                         ("meta", SetupJSON.object([("next_page_token", next)]))]))
    }

    func get(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let id = request.pathParameters["customer_id"] ?? ""
        guard Self.customerIDLength.contains(id.utf8.count), id.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw HTTPError(400, "customer_id must be 1 to \(Self.customerIDLength.upperBound) visible ASCII characters")
        }
        let records = try store.optIns(tenant: caller.tenant, profileID: id)
        guard !records.isEmpty, let number = try directory.phoneNumbers(caller, profileIDs: [id])[id] else {
            throw SetupError.notFound("no clienteling profile: this customer has not answered any store's opt-in")
        }
        return SetupJSON.response(200, Self.json(ClientelingProfile(customerID: id, optIns: records, phoneNumber: number)))
    }

    static func json(_ profile: ClientelingProfile) -> JSONValue {
        SetupJSON.object([
            ("customer_id", .string(profile.customerID)),
            ("opted_in", SetupJSON.object(profile.optIns.map { record in
                (record.storeID, SetupJSON.object([("opt_in_state", .string(record.state.rawValue)),
                                                   ("opt_in_state_modified_at", SetupJSON.time(record.modifiedAt))]))
            })),
            ("opted_out", .bool(profile.optedOut)),
            ("opted_out_at", SetupJSON.time(profile.optedOutAt)),
            ("phone_number", .string(profile.phoneNumber)),
        ])
    }
}
