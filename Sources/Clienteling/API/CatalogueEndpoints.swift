import HTTPServer
import JSONCore

/// What the provider offers a store (numbers, addresses, bundles, by the store's country), the account's
/// trust products, and the guide's requirements per country.
struct CatalogueEndpoints: Sendable {
    let onboarding: Onboarding
    let documentRegions: DocumentRegions

    func availableNumbers(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let country = try storeCountry(request, caller)
        return list(try ask { () throws(ProviderError) in try onboarding.provider.availableNumbers(country: country) },
                    SetupJSON.number)
    }

    func addresses(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let country = try storeCountry(request, caller)
        return list(try ask { () throws(ProviderError) in try onboarding.provider.addresses(country: country) },
                    SetupJSON.address)
    }

    func bundles(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let country = try storeCountry(request, caller)
        return list(try ask { () throws(ProviderError) in try onboarding.provider.regulatoryBundles(country: country) },
                    SetupJSON.bundle)
    }

    func trustProducts(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        return list(try ask { () throws(ProviderError) in try onboarding.provider.trustProducts() }, SetupJSON.bundle)
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

    private func ask<T>(_ call: () throws(ProviderError) -> T) throws(SetupError) -> T {
        do {
            return try call()
        } catch {
            throw .provider(error)
        }
    }

    private func list<T>(_ items: [T], _ render: (T) -> JSONValue) -> HTTPResponse {
        SetupJSON.response(200, .array(items.map(render)))
    }
}
