import HTTPServer
import ISO3166
import JSONCore

/// What the provider offers a store (numbers, addresses, bundles, by the store's country), the account's
/// trust products, and the guide's requirements per country.
struct CatalogueEndpoints: Sendable {
    let onboarding: Onboarding
    let documentRegions: DocumentRegions

    private var provider: any TelephonyProvider { onboarding.provider }

    func availableNumbers(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let country = try storeCountry(request, caller)
        return try list(SetupJSON.number) { () throws(ProviderError) in try provider.availableNumbers(country: country) }
    }

    func addresses(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let country = try storeCountry(request, caller)
        return try list(SetupJSON.address) { () throws(ProviderError) in try provider.addresses(country: country) }
    }

    func bundles(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let country = try storeCountry(request, caller)
        return try list(SetupJSON.bundle) { () throws(ProviderError) in try provider.regulatoryBundles(country: country) }
    }

    func trustProducts(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        return try list(SetupJSON.bundle) { () throws(ProviderError) in try provider.trustProducts() }
    }

    func requirements(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let country = try SetupFormat.country(request.pathParameters["country_code"] ?? "")
        guard let row = RegulatoryRequirements.forCountry(country) else {
            throw SetupError.notFound("clienteling numbers are not offered in \(country.code)")
        }
        return SetupJSON.response(200, SetupJSON.requirements(row, documentRegion: documentRegions.region(for: country)))
    }

    private func storeCountry(_ request: HTTPRequest, _ caller: SetupCaller) throws -> CountryCode {
        let id = try SetupFormat.storeID(request)
        _ = try SetupFormat.query(request, accepted: [])
        return try onboarding.existingStore(caller, id).country
    }

    /// The provider's answer to `call` as a JSON array; its failure is the provider's 502 or 503.
    private func list<T>(_ render: (T) -> JSONValue, _ call: () throws(ProviderError) -> [T]) throws(SetupError) -> HTTPResponse {
        SetupJSON.response(200, .array(try ProviderError.asking(call).map(render)))
    }
}
