import HTTPServer
import JSONCore

/// `GET /setup/retailers/status`: the retailer's onboarding in one answer, from the set-up store alone.
struct StatusEndpoint: Sendable {
    let onboarding: Onboarding

    func status(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let status = try onboarding.store.status(tenant: caller.tenant)
        return SetupJSON.response(200, Self.json(status, provider: onboarding.provider.name))
    }

    static func json(_ status: RetailerStatus, provider: String) -> JSONValue {
        let counts = status.storeCounts
        let total = counts.values.reduce(0, +)
        return SetupJSON.object([
            ("configured", .bool(status.retailer != nil)),
            ("configured_at", SetupJSON.time(status.retailer?.createdAt)),
            // The node holds the provider's account (Twilio: its credentials file, read at start). Not a live
            // probe: a provider that fails shows on the calls that need it, as 502 or 503.
            ("telephony_provider", SetupJSON.object([("name", .string(provider)), ("connected", .bool(true))])),
            ("opt_in_template", SetupJSON.object([("set", .bool(status.optIn != nil)),
                                                  ("updated_at", SetupJSON.time(status.optIn?.updatedAt))])),
            ("stores", SetupJSON.object([("total", SetupJSON.count(total))]
                                        + [StoreRecord.NumberStatus.none, .purchasing, .active].map {
                                            ($0.rawValue, SetupJSON.count(counts[$0] ?? 0))
                                        })),
            ("countries_missing_steps", .array(status.countries.map { row in
                SetupJSON.object([("country_code", .string(row.country.code)), ("stores", SetupJSON.count(row.stores)),
                                  ("missing_steps", .array(row.missing.map { .string($0.rawValue) }))])
            })),
        ])
    }
}
