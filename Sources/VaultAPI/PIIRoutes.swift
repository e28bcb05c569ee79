import HTTPServer
import JSONCore
import Logging
import Vault

/// The vault's HTTP face: registers every route on a router. The only module that knows both sides.
package enum PIIRoutes {
    /// The default largest data entry (decoded content).
    package static let defaultMaxDataBytes = 10 * 1024 * 1024

    /// `openAPIParts`: the OpenAPI paths and components of other route modules on the same router.
    /// `workers` runs the routes that may wait on a store (`piivault serve` sizes it).
    package static func router(vault: Vault, access: Access, logger: Logger = .shared,
                              maxDataBytes: Int = defaultMaxDataBytes, openAPIParts: [JSONValue] = [],
                              workers: WorkerPool = WorkerPool(name: "vault-worker")) -> Router {
        var router = Router(logger: logger)
        // Reads wait on a store: workers. Writes seal from memory and go to the region's writer: the loop.
        let api = RouteRunner(authorizer: KeyAuthorizer(access: access, vault: vault), workers: workers,
                              busyMessage: "too many requests are waiting; retry later", logger: logger)
        let tokens = TokenEndpoints(vault: vault)
        router.add("POST", "/v1/d/pii/tokenize", api.handler([.tokenize], on: .loop, tokens.tokenize))
        router.add("POST", "/v1/d/pii/detokenize", api.handler([.detokenize, .profilesRead, .dataRead], on: .workers, tokens.detokenize))
        let profiles = ProfileEndpoints(vault: vault)
        router.add("GET", "/v1/d/pii/profiles", api.handler([.profilesRead], on: .workers, profiles.list))
        router.add("POST", "/v1/d/pii/profiles", api.handler([.profilesWrite], on: .workers, profiles.create))
        // Routes naming a record by id put a refused key (403) on the audit record before answering.
        let profile = "profile_id"
        router.add("GET", "/v1/d/pii/profiles/{profile_id}",
                   api.handler(.naming(profile, [.profilesRead], auditedAs: .profileRead), on: .workers, profiles.get))
        router.add("PATCH", "/v1/d/pii/profiles/{profile_id}",
                   api.handler(.naming(profile, [.profilesWrite], auditedAs: .profileUpdate), on: .loop, profiles.update))
        router.add("POST", "/v1/d/pii/profiles/{profile_id}/delete",
                   api.handler(.naming(profile, [.profilesWrite], auditedAs: .profileDelete), on: .loop, profiles.delete))
        let addresses = AddressEndpoints(vault: vault)
        router.add("POST", "/v1/d/pii/profiles/{profile_id}/addresses",
                   api.handler(.naming(profile, [.profilesWrite], auditedAs: .addressCreate), on: .loop, addresses.create))
        router.add("GET", "/v1/d/pii/profiles/{profile_id}/addresses",
                   api.handler(.naming(profile, [.profilesRead], auditedAs: .addressList), on: .workers, addresses.list))
        router.add("GET", "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}",
                   api.handler(.naming(profile, [.profilesRead], auditedAs: .addressRead), on: .workers, addresses.get))
        router.add("PATCH", "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}",
                   api.handler(.naming(profile, [.profilesWrite], auditedAs: .addressUpdate), on: .loop, addresses.update))
        router.add("DELETE", "/v1/d/pii/profiles/{profile_id}/addresses/{address_id}",
                   api.handler(.naming(profile, [.profilesWrite], auditedAs: .addressDelete), on: .loop, addresses.delete))
        let data = DataEndpoints(vault: vault, maxContentBytes: maxDataBytes)
        router.add("POST", "/v1/d/pii/data", api.handler([.dataWrite], on: .loop, data.store))
        router.add("GET", "/v1/d/pii/data/{data_id}",
                   api.handler(.naming("data_id", [.dataRead], auditedAs: .dataRead), on: .workers, data.get))
        router.add("DELETE", "/v1/d/pii/data/{data_id}",
                   api.handler(.naming("data_id", [.dataWrite], auditedAs: .dataDelete), on: .loop, data.delete))
        let audit = AuditEndpoint(vault: vault, control: access.control)
        router.add("GET", "/v1/d/pii/audit", api.handler([.auditRead], on: .workers, audit.list))
        // A busy node is not a sick one: with every worker taken, the last check answers (no 503 of the queue,
        // which a load balancer would read as down and move the load onto the other nodes).
        let health = HealthCheck(vault: vault, control: access.control, logger: logger)
        router.add("GET", "/healthz", api.open(on: .workers, whenBusy: { _ in .now(health.lastAnswer()) }) { _ in .now(health.answer()) })
        let openAPI = OpenAPIDocument.merged(with: openAPIParts)
        router.add("GET", "/openapi.json", api.open(on: .loop) { _ in .now(.json(200, openAPI)) })
        return router
    }

    /// The server's body limits for the routes that take files, for `ServerConfiguration.limits.largeBodies`.
    package static func largeBodies(maxDataBytes: Int = defaultMaxDataBytes) -> [ServerConfiguration.LargeBody] {
        [ServerConfiguration.LargeBody(method: "POST", pathPrefix: "/v1/d/pii/data",
                                       maxBytes: DataEndpoints.bodyLimit(forContent: maxDataBytes))]
    }
}
