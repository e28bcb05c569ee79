import HTTPServer
import JSONCore
import Logging
import Vault

/// The vault's HTTP face: registers every route on a router. The only module that knows both sides.
public enum PIIRoutes {
    /// The default largest data entry (decoded content).
    public static let defaultMaxDataBytes = 10 * 1024 * 1024

    /// `openAPIParts`: the OpenAPI paths and components of other route modules on the same router.
    public static func router(vault: Vault, access: Access, logger: Logger = .shared,
                              maxDataBytes: Int = defaultMaxDataBytes, openAPIParts: [JSONValue] = []) -> Router {
        var router = Router(logger: logger)
        let tokens = TokenEndpoints(vault: vault, access: access)
        router.add("POST", "/v1/d/pii/tokenize", tokens.tokenize)
        router.add("POST", "/v1/d/pii/detokenize", tokens.detokenize)
        let profiles = ProfileEndpoints(vault: vault, access: access)
        router.add("GET", "/v1/d/pii/profiles", profiles.list)
        router.add("POST", "/v1/d/pii/profiles", profiles.create)
        router.add("GET", "/v1/d/pii/profiles/{profile_id}", profiles.get)
        router.add("PATCH", "/v1/d/pii/profiles/{profile_id}", profiles.update)
        router.add("POST", "/v1/d/pii/profiles/{profile_id}/delete", profiles.delete)
        let addresses = AddressEndpoints(vault: vault, access: access)
        router.add("POST", "/v1/d/pii/profiles/{profile_id}/addresses", addresses.create)
        router.add("GET", "/v1/d/pii/profiles/{profile_id}/addresses", addresses.list)
        router.add("GET", "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}", addresses.get)
        router.add("PATCH", "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}", addresses.update)
        router.add("DELETE", "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}", addresses.delete)
        let data = DataEndpoints(vault: vault, access: access, maxContentBytes: maxDataBytes)
        router.add("POST", "/v1/d/pii/data", data.store)
        router.add("GET", "/v1/d/pii/data/{data_id}", data.get)
        router.add("DELETE", "/v1/d/pii/data/{data_id}", data.delete)
        let audit = AuditEndpoint(vault: vault, access: access)
        router.add("GET", "/v1/d/pii/audit", sync: audit.list)
        router.add("GET", "/healthz", sync: { _ in health(vault) })
        let openAPI = OpenAPIDocument.merged(with: openAPIParts)
        router.add("GET", "/openapi.json", sync: { _ in .json(200, openAPI) })
        return router
    }

    /// The server's body limits for the routes that take files, for `ServerConfiguration.limits.largeBodies`.
    public static func largeBodies(maxDataBytes: Int = defaultMaxDataBytes) -> [ServerConfiguration.LargeBody] {
        [ServerConfiguration.LargeBody(method: "POST", pathPrefix: "/v1/d/pii/data",
                                       maxBytes: DataEndpoints.bodyLimit(forContent: maxDataBytes))]
    }

    static func health(_ vault: Vault) -> HTTPResponse {
        let healthy = vault.isHealthy()
        var writer = JSONWriter()
        writer.append("{\"status\":")
        writer.writeString(healthy ? "ok" : "unavailable")
        writer.append(",\"regions\":[")
        for (i, region) in vault.servedRegions.enumerated() {
            if i > 0 { writer.append(",") }
            writer.writeString(region.code)
        }
        writer.append("]}")
        return .json(healthy ? 200 : 503, writer.bytes)
    }
}
