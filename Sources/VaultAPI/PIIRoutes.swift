import HTTPServer
import JSONCore
import Logging
import Vault

/// The vault's HTTP face: registers every route on a router. The only module that knows both sides.
package enum PIIRoutes {
    /// The default largest data entry (decoded content).
    package static let defaultMaxDataBytes = 10 * 1024 * 1024

    /// `openAPIParts`: the OpenAPI paths and components of other route modules on the same router.
    /// `workers` runs the routes that may wait on a store (`piivault serve` sizes it). `peers`: the nodes of
    /// the regions this node does not serve, to which calls for their data are forwarded (else 421).
    package static func router(vault: Vault, access: Access, logger: Logger = .shared,
                              maxDataBytes: Int = defaultMaxDataBytes, openAPIParts: [JSONValue] = [],
                              workers: WorkerPool = WorkerPool(name: "vault-worker"), peers: Peers? = nil,
                              legacyV0: Bool = false) -> Router {
        var router = Router(logger: logger)
        let api = RouteRunner(authorizer: KeyAuthorizer(access: access, vault: vault), workers: workers,
                              busyMessage: "too many requests are waiting; retry later", logger: logger)
        let forwarding = peers.map { Forwarding(vault: vault, peers: $0, logger: logger) }
        for route in VaultRoute.all(vault: vault, control: access.control, maxDataBytes: maxDataBytes, forwarding: forwarding) {
            let handler = forwarding.flatMap { forwarding in route.forward.map { forwarding.routed($0, route.handler) } } ?? route.handler
            router.add(route.method, route.pattern, api.handler(route.requirement, on: route.placement, handler))
        }
        // v0 only where asked for (`serve --legacy-v0`), every answer marked deprecated.
        for route in legacyV0 ? VaultRoute.legacyV0(vault: vault) : [] {
            let handler = forwarding.flatMap { forwarding in route.forward.map { forwarding.routed($0, route.handler) } } ?? route.handler
            router.add(route.method, route.pattern, Router.stamping({ LegacyV0.headers(for: $0.path) },
                                                                    api.handler(route.requirement, on: route.placement, handler)))
        }
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

    /// The router of the peer listener (`serve --peer-listen`): the routes other nodes forward, under
    /// `/peer`, for calls of verified peers only (`PeerAuthorizer`), never forwarded again. A route whose
    /// answer reveals stored values is refused (403) for a tenant that forbids cross-region reads.
    /// `sharedControl`: the nodes share this control store, so a forwarded key is looked up, not trusted.
    package static func peerRouter(vault: Vault, control: ControlStore, sharedControl: Bool, logger: Logger = .shared,
                                  maxDataBytes: Int = defaultMaxDataBytes, workers: WorkerPool) -> Router {
        var router = Router(logger: logger)
        let authorizer = PeerAuthorizer(control: control, sharedControl: sharedControl, clock: vault.configuration.clock)
        let peer = RouteRunner(authorizer: authorizer, workers: workers, busyMessage: "too many requests are waiting; retry later",
                               logger: logger)
        // v0's routes too: only a node serving v0 forwards them.
        for route in VaultRoute.all(vault: vault, control: control, maxDataBytes: maxDataBytes, forwarding: nil) + VaultRoute.legacyV0(vault: vault) {
            guard let forward = route.forward else { continue }
            let handler = forward.reveals ? guardingReads(route.handler, operation: forward.operation, vault: vault) : route.handler
            router.add(route.method, Peers.pathPrefix + route.pattern, peer.handler(route.requirement, on: route.placement, handler))
        }
        return router
    }

    /// `handler`, refused (403, audited) for a tenant that forbids cross-region reads.
    private static func guardingReads(_ handler: @escaping Forwarding.Handler, operation: String, vault: Vault) -> Forwarding.Handler {
        { request, caller in
            guard caller.key.crossRegionReads else {
                return .later { answer in
                    vault.recordRefusal(operation, tenant: caller.tenant, tenantRegion: caller.key.defaultRegion,
                                        outcome: "permission denied: the tenant forbids cross-region reads", context: caller.context) { written in
                        answer.send(recorded: written) {
                            throw HTTPError(403, "this tenant forbids reading its data from a node of another region")
                        }
                    }
                }
            }
            return try handler(request, caller)
        }
    }

    /// The largest answer a node gives to one request when its data entries are at most `maxDataBytes`: a
    /// detokenize of 25 of them. A peer client must take answers this large.
    package static func largestAnswer(maxDataBytes: Int = defaultMaxDataBytes) -> Int {
        APIRequest.maxBatch * DataEndpoints.bodyLimit(forContent: maxDataBytes) + (1 << 20)
    }

    /// The server's body limits for the routes that take files, for `ServerConfiguration.limits.largeBodies`.
    package static func largeBodies(maxDataBytes: Int = defaultMaxDataBytes) -> [ServerConfiguration.LargeBody] {
        let limit = DataEndpoints.bodyLimit(forContent: maxDataBytes)
        return ["/v1/d/pii/data", "/customer/data"].flatMap { path in
            [ServerConfiguration.LargeBody(method: "POST", pathPrefix: path, maxBytes: limit),
             ServerConfiguration.LargeBody(method: "POST", pathPrefix: Peers.pathPrefix + path, maxBytes: limit)]
        }
    }
}
