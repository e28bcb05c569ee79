import HTTPClient
import HTTPServer
import JSONCore
import Logging
import Vault

/// Requests for data of a region this node does not serve, sent whole to that region's node when one is
/// configured, and its answer relayed as it came (status, body, headers). What decides the region: the
/// region in the id a route names, or for new data the requested region (`Residency-Region`, else the
/// tenant's default). Without a peer for it the route runs here and answers 421, as before peers existed.
///
/// This node keeps nothing of a forwarded request or its answer: they are held in memory for the call,
/// and its audit record names the operation, the region, the key count and the outcome, never a value.
struct Forwarding: Sendable {
    typealias Handler = RouteRunner<KeyRequirement, KeyCaller>.Handler

    let vault: Vault
    let peers: Peers
    let logger: Logger

    /// How a route's request finds its region.
    enum Target: Sendable {
        /// New data: where the request asks it to go.
        case creation
        /// The record the path parameter of this name identifies.
        case id(String)
        /// Each key of the batch by the region in its token: the handler sends each part (`ForwardedReveals`).
        case perKey
    }

    /// A route whose request may go to a peer: its audited operation name, what decides the region, whether
    /// its answer carries stored values (a tenant may forbid that across regions), and for a batch route
    /// the body field holding the batch (a peer that does not answer is then `retryable_error` per key).
    struct Route: Sendable {
        let operation: String
        let target: Target
        let reveals: Bool
        var batchField: String? = nil
        /// The member a batch's answer holds its tokens in (`tokens` in v1, `data` in v2).
        var answerField: StaticString = "tokens"
        /// Checks a creation's body here, as the owning node would, so a request that would be refused
        /// there never carries its values across the border.
        var validate: (@Sendable (HTTPRequest) throws -> Void)? = nil
        /// Whether this request is forwarded whole at all (nil: always); v2's one tokens route forwards a
        /// tokenize, while its detokenize sends each key's part itself.
        var applies: (@Sendable (HTTPRequest) -> Bool)? = nil
    }

    /// `handler`, unless the request belongs to a region a peer serves: then that peer's answer.
    func routed(_ route: Route, _ handler: @escaping Handler) -> Handler {
        let forwarding = self
        return { request, caller in
            guard route.applies?(request) ?? true, let (region, client) = forwarding.peer(for: request, caller, route.target) else {
                return try handler(request, caller)
            }
            if route.reveals && !caller.key.crossRegionReads {
                return .later { answer in
                    forwarding.vault.recordForward(route.operation, tenant: caller.tenant, tenantRegion: caller.key.defaultRegion,
                                                   to: region, count: 1, outcome: Self.forbidden, context: caller.context) { written in
                        answer.send(recorded: written) {
                            throw HTTPError(403, "this tenant forbids reading its data across regions, and this node does not serve \(region.code)")
                        }
                    }
                }
            }
            try route.validate?(request)
            let residency: Region? = if case .creation = route.target { region } else { nil }
            return .later { answer in forwarding.relay(request, caller, route, region, client, residency, answer) }
        }
    }

    /// The region a peer serves and its client, when the request belongs there.
    private func peer(for request: HTTPRequest, _ caller: KeyCaller, _ target: Target) -> (Region, PeerClient)? {
        let region: Region?
        switch target {
        case .creation:
            // An unknown or repeated Residency-Region is the route's own 400: it runs here and says so.
            region = try? APIRequest.requestedRegion(request, vault: vault, tenantDefault: caller.key.defaultRegion)
        case .id(let parameter):
            region = request.pathParameters[parameter].flatMap(Vault.region(ofID:))
        case .perKey:
            return nil
        }
        guard let region, !vault.serves(region), let client = peers.clients[region] else { return nil }
        return (region, client)
    }

    private func relay(_ request: HTTPRequest, _ caller: KeyCaller, _ route: Route, _ region: Region, _ client: PeerClient,
                       _ residency: Region?, _ answer: Answer) {
        let vault = self.vault, peers = self.peers, logger = self.logger
        let deadline = client.deadline()
        let queued = peers.workers.submit {
            let count = route.batchField.flatMap { Self.batchKeys(request, field: $0)?.count } ?? 1
            let response: HTTPResponse
            let outcome: String
            switch peers.forward(request, to: client, caller: caller, residency: residency, deadline: deadline) {
            case .success(let answered) where answered.status >= 500:
                // The peer's own failure, told in this node's words (its body is not relayed).
                response = HTTPError(answered.status == 503 ? 503 : 502, "the node of the \(region.code) region could not answer; retry later",
                                     headers: HTTPHeaders([("retry-after", "1")])).response(requestID: caller.requestID)
                outcome = "answered \(answered.status)"
            case .success(let answered):
                response = Self.relayed(answered, requestID: caller.requestID)
                outcome = "answered \(answered.status)"
            case .failure(let failure):
                peers.reportFailure(failure, region: region, requestID: caller.requestID, logger: logger)
                response = Self.isPeerDown(failure) ? Self.unavailable(request, route, region, requestID: caller.requestID)
                    : HTTPError(502, "the node of the \(region.code) region gave an answer this node cannot relay")
                        .response(requestID: caller.requestID)
                outcome = Self.outcome(of: failure)
            }
            vault.recordForward(route.operation, tenant: caller.tenant, tenantRegion: caller.key.defaultRegion, to: region,
                                count: count, outcome: outcome, context: caller.context) { written in
                answer.send(recorded: written) { response }
            }
        }
        if !queued {
            answer.send { throw HTTPError(503, "too many calls to other regions are waiting; retry later",
                                          headers: HTTPHeaders([("retry-after", "1")])) }
        }
    }

    /// The headers of a peer's answer that are relayed: those the vault's routes set. Any other (a cookie, a
    /// cache policy, CORS) is not the vault's to send; this node's own `Cache-Control: no-store` applies.
    static let relayedHeaders: Set<String> = ["content-type", "retry-after", "allow", "www-authenticate",
                                              "x-content-type-options", "content-disposition"]

    /// The peer's answer as this node's: its status, body and the headers a route of this vault sets. An
    /// error body names this node's request id (the peer's differs when it refused the call before reading
    /// its `X-Request-Id`: a body over its own limit, say).
    static func relayed(_ answer: ClientResponse, requestID: String) -> HTTPResponse {
        var body = answer.body
        if answer.status >= 400, let members = (try? JSONParser.parse(body))?.objectMembers,
           members.contains(where: { $0.key == "request_id" && $0.value.stringValue != requestID }) {
            body = JSONValue.object(members.map { $0.key == "request_id" ? JSONMember($0.key, .string(requestID)) : $0 }).serialized
        }
        return HTTPResponse(status: answer.status, headers: HTTPHeaders(answer.headers.filter { relayedHeaders.contains($0.name) }),
                            body: body)
    }

    /// A batch whose peer did not answer: `retryable_error` for each of its keys (one bad region never fails
    /// the rest); any other request: 503 with Retry-After.
    private static func unavailable(_ request: HTTPRequest, _ route: Route, _ region: Region, requestID: String) -> HTTPResponse {
        if let field = route.batchField, let keys = batchKeys(request, field: field) {
            return TokenEndpoints.tokenizeResponse(keys, keys.map { _ in .failure(.retryable) }, field: route.answerField)
        }
        return HTTPError(503, "the node of the \(region.code) region did not answer; retry later",
                         headers: HTTPHeaders([("retry-after", "1")])).response(requestID: requestID)
    }

    /// The audit outcome of a read a tenant's `--no-cross-region-reads` kept from being forwarded.
    static let forbidden = "not forwarded: the tenant forbids cross-region reads"

    /// Whether a failure says the peer is down or slow (worth retrying), rather than that its answer was
    /// unusable (which a retry would not change).
    static func isPeerDown(_ failure: HTTPClientError) -> Bool {
        failure != .malformedResponse && failure != .responseTooLarge
    }

    /// How a failed call reads in an audit record.
    static func outcome(of failure: HTTPClientError) -> String {
        switch failure {
        case .timeout: "peer timed out"
        case .unreachable: "peer unreachable"
        case .tlsRefused: "peer TLS handshake failed (certificate, name, or not a peer port)"
        case .backingOff: "not sent: the peer failed a moment ago"
        case .malformedResponse: "peer answer unreadable"
        case .responseTooLarge: "peer answer larger than this node relays"
        }
    }

    static func batchKeys(_ request: HTTPRequest, field: String) -> [String]? {
        guard let body = try? request.jsonObject(), let entries = try? APIRequest.batch(body, field: field) else { return nil }
        return entries.map(\.key)
    }
}
