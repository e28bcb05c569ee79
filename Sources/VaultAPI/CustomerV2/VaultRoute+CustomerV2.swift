import HTTPServer
import Vault

/// The Customer Profile API v2 (`/customer/*`): the same records as `/v1/d/pii`, the same rules, v2's shapes.
/// Its routes are listed beside v1's, so a peer node serves them under `/peer` alike.
extension VaultRoute {
    static func customerV2(vault: Vault, control: ControlStore, data: DataEndpoints, forwarding: Forwarding?) -> [VaultRoute] {
        var tokens = TokenEndpoints(vault: vault, reveals: forwarding.map { ForwardedReveals(vault: vault, forwarding: $0) })
        tokens.tokensField = "data"
        tokens.detokenizeField = "data"
        return [
            // One route, two operations: a tokenize goes whole to the requested region's node; a detokenize
            // sends each key's part to the region in its token, as v1's does.
            VaultRoute(method: "POST", pattern: "/customer/tokens", requirement: [.tokenize, .detokenize, .profilesRead, .dataRead],
                       placement: .workers, handler: { [tokens] request, caller in try tokenOperation(tokens, request, caller) },
                       forward: Forwarding.Route(operation: "tokenize", target: .creation, reveals: false, batchField: "data",
                                                 answerField: "data",
                                                 validate: { _ = try APIRequest.batch(try $0.jsonObject(), field: "data") },
                                                 applies: { (try? isDetokenize($0)) == false })),
        ] + dataRoutes(under: "/customer/data", data) + profileRoutes(vault: vault, control: control)
          + addressRoutes(under: "/customer/profiles/{profile_id}/addresses",
                          AddressEndpoints(vault: vault, fields: CustomerRequests.addressFields, patch: CustomerRequests.addressPatch,
                                           omittingUnset: true))
    }

    /// Profiles and the tenant's settings. Every v2 profile answer reads the tenant's name setting (cached),
    /// so these run on the workers.
    private static func profileRoutes(vault: Vault, control: ControlStore) -> [VaultRoute] {
        let profiles = CustomerProfileEndpoints(vault: vault, control: control)
        let config = CustomerConfigEndpoints(control: control)
        let path = "/customer/profiles/{profile_id}"
        return [
            VaultRoute(method: "GET", pattern: "/customer/config", requirement: [.profilesRead], placement: .workers,
                       handler: config.get, forward: nil),
            VaultRoute(method: "PATCH", pattern: "/customer/config", requirement: [.profilesWrite], placement: .workers,
                       handler: config.update, forward: nil),
        ] + profileCollection("/customer/profiles", list: profiles.list, create: profiles.create, fields: CustomerRequests.profileFields) + [
            // Before the routes of one profile, whose POST would take this path for an id.
            VaultRoute(method: "POST", pattern: "/customer/profiles/lookup-bulk-emails", requirement: [.profilesRead],
                       placement: .workers, handler: profiles.lookupEmails, forward: nil),
            VaultRoute(method: "GET", pattern: path, requirement: named(.profileRead, [.profilesRead]), placement: .workers,
                       handler: profiles.get, forward: byProfile(.profileRead, reveals: true)),
            VaultRoute(method: "PATCH", pattern: path, requirement: named(.profileUpdate, [.profilesWrite]), placement: .workers,
                       handler: profiles.update,
                       forward: byProfile(.profileUpdate, reveals: true) { _ = try CustomerRequests.profilePatch(try $0.jsonObject()) }),
            VaultRoute(method: "POST", pattern: path, requirement: named(.profileDelete, [.profilesWrite]), placement: .workers,
                       handler: profiles.delete,
                       forward: byProfile(.profileDelete, reveals: false) { try CustomerRequests.deletion(try $0.jsonObject()) }),
        ]
    }

    /// `?operation=tokenize` (the default) or `detokenize`; anything else is 400.
    static func isDetokenize(_ request: HTTPRequest) throws(HTTPError) -> Bool {
        var detokenize = false
        for (_, value) in try PageQuery.items(request, accepted: ["operation"]) {
            switch value {
            case "tokenize": detokenize = false
            case "detokenize": detokenize = true
            default: throw HTTPError(400, "operation must be tokenize or detokenize")
            }
        }
        return detokenize
    }

    /// The route accepts any key that may do either operation; a tokenize still needs `tokenize`.
    private static func tokenOperation(_ tokens: TokenEndpoints, _ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        if try isDetokenize(request) { return try tokens.detokenize(request, caller) }
        guard caller.key.scopes.contains(.tokenize) else {
            throw HTTPError(403, "this API key lacks the scope this operation needs (tokenize, or customer:profile:write)")
        }
        return try tokens.tokenize(request, caller)
    }
}
