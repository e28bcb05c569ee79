import HTTPServer
import JSONCore
import Vault

/// One `/v1/d/pii` (or v2 `/customer`) route: what it requires, where it runs, its handler, and how a call for data of a region
/// another node serves reaches that node (nil: always answered here). The API port and the peer listener
/// are built from the same list, so a route forwarded by one node is the very route the owning node runs.
struct VaultRoute: Sendable {
    let method: String
    let pattern: String
    let requirement: KeyRequirement
    let placement: RoutePlacement
    let handler: Forwarding.Handler
    let forward: Forwarding.Route?

    /// The routes; `forwarding` sends other regions' calls to their nodes (nil on the peer listener, whose
    /// calls are never forwarded again).
    static func all(vault: Vault, control: ControlStore, maxDataBytes: Int, forwarding: Forwarding?) -> [VaultRoute] {
        let tokens = TokenEndpoints(vault: vault, reveals: forwarding.map { ForwardedReveals(vault: vault, forwarding: $0) })
        let profiles = ProfileEndpoints(vault: vault)
        let addresses = AddressEndpoints(vault: vault)
        let data = DataEndpoints(vault: vault, maxContentBytes: maxDataBytes)
        // Reads wait on a store: workers. Writes seal from memory and go to the region's writer: the loop.
        // Routes naming a record by id put a refused key (403) on the audit record before answering.
        return customerV2(vault: vault, control: control, data: data, forwarding: forwarding) + [
            VaultRoute(method: "POST", pattern: "/v1/d/pii/tokenize", requirement: [.tokenize], placement: .loop,
                       handler: tokens.tokenize,
                       forward: Forwarding.Route(operation: "tokenize", target: .creation, reveals: false, batchField: "data") {
                           _ = try APIRequest.batch(try $0.jsonObject(), field: "data")
                       }),
            VaultRoute(method: "POST", pattern: "/v1/d/pii/detokenize", requirement: [.detokenize, .profilesRead, .dataRead],
                       placement: .workers, handler: tokens.detokenize,
                       forward: Forwarding.Route(operation: "detokenize", target: .perKey, reveals: true)),
        ] + profileCollection("/v1/d/pii/profiles", list: profiles.list, create: profiles.create, fields: ProfileRequests.profileFields) + [
            VaultRoute(method: "GET", pattern: "/v1/d/pii/profiles/{profile_id}", requirement: named(.profileRead, [.profilesRead]),
                       placement: .workers, handler: profiles.get, forward: byProfile(.profileRead, reveals: true)),
            VaultRoute(method: "PATCH", pattern: "/v1/d/pii/profiles/{profile_id}",
                       requirement: named(.profileUpdate, [.profilesWrite]), placement: .loop, handler: profiles.update,
                       forward: byProfile(.profileUpdate, reveals: true) { _ = try ProfileRequests.profilePatch(try $0.jsonObject()) }),
            VaultRoute(method: "POST", pattern: "/v1/d/pii/profiles/{profile_id}/delete",
                       requirement: named(.profileDelete, [.profilesWrite]), placement: .loop, handler: profiles.delete,
                       forward: byProfile(.profileDelete, reveals: false)),
        ] + addressRoutes(under: "/v1/d/pii/profiles/{profile_id}/addresses", addresses)
          + dataRoutes(under: "/v1/d/pii/data", data)
    }

    /// A profile's addresses under `path` (v1's and v2's, which differ in what a request must hold).
    static func addressRoutes(under path: String, _ addresses: AddressEndpoints) -> [VaultRoute] {
        let one = path + "/{address_id}", fields = addresses.fields, patch = addresses.patch
        return [
            VaultRoute(method: "POST", pattern: path, requirement: named(.addressCreate, [.profilesWrite]), placement: .loop,
                       handler: addresses.create,
                       forward: byProfile(.addressCreate, reveals: true,
                                          validate: validating("address", fields) { fields throws(FieldError) in try fields.validate() })),
            VaultRoute(method: "GET", pattern: path, requirement: named(.addressList, [.profilesRead]), placement: .workers,
                       handler: addresses.list, forward: byProfile(.addressList, reveals: true)),
            VaultRoute(method: "GET", pattern: one, requirement: named(.addressRead, [.profilesRead]), placement: .workers,
                       handler: addresses.get, forward: byProfile(.addressRead, reveals: true)),
            VaultRoute(method: "PATCH", pattern: one, requirement: named(.addressUpdate, [.profilesWrite]), placement: .loop,
                       handler: addresses.update, forward: byProfile(.addressUpdate, reveals: true) { _ = try patch(try $0.jsonObject()) }),
            VaultRoute(method: "DELETE", pattern: one, requirement: named(.addressDelete, [.profilesWrite]), placement: .loop,
                       handler: addresses.delete, forward: byProfile(.addressDelete, reveals: false)),
        ]
    }

    /// One of `scopes`, for a route naming a profile by its `profile_id`; a refusal is audited as `operation`.
    static func named(_ operation: RecordOperation, _ scopes: [Scope]) -> KeyRequirement {
        .naming("profile_id", scopes, auditedAs: operation)
    }

    /// A route naming a profile is forwarded to the region in its `profile_id`.
    static func byProfile(_ operation: RecordOperation, reveals: Bool,
                          validate: (@Sendable (HTTPRequest) throws -> Void)? = nil) -> Forwarding.Route {
        Forwarding.Route(operation: operation.rawValue, target: .id("profile_id"), reveals: reveals, validate: validate)
    }

    /// List and get-or-create of profiles under `path` (v1's and v2's). Get-or-create answers an existing
    /// profile: it reveals.
    static func profileCollection(_ path: String, list: @escaping Forwarding.Handler, create: @escaping Forwarding.Handler,
                                  fields: @escaping @Sendable ([JSONMember]) throws(HTTPError) -> ProfileFields) -> [VaultRoute] {
        [
            VaultRoute(method: "GET", pattern: path, requirement: [.profilesRead], placement: .workers, handler: list, forward: nil),
            VaultRoute(method: "POST", pattern: path, requirement: [.profilesWrite], placement: .workers, handler: create,
                       forward: Forwarding.Route(operation: "profile.get_or_create", target: .creation, reveals: true,
                                                 validate: validating("profile", fields) { fields throws(FieldError) in try fields.validate() })),
        ]
    }

    /// Store, read and delete data entries under `path` (v1's and v2's routes, the same entries).
    static func dataRoutes(under path: String, _ data: DataEndpoints) -> [VaultRoute] {
        [
            VaultRoute(method: "POST", pattern: path, requirement: [.dataWrite], placement: .loop, handler: data.store,
                       forward: Forwarding.Route(operation: "data.create", target: .creation, reveals: false) { [maxContentBytes = data.maxContentBytes] in
                           _ = try DataUpload.parse($0, maxContentBytes: maxContentBytes)
                       }),
            VaultRoute(method: "GET", pattern: path + "/{data_id}", requirement: .naming("data_id", [.dataRead], auditedAs: .dataRead),
                       placement: .workers, handler: data.get,
                       forward: Forwarding.Route(operation: RecordOperation.dataRead.rawValue, target: .id("data_id"), reveals: true)),
            VaultRoute(method: "DELETE", pattern: path + "/{data_id}",
                       requirement: .naming("data_id", [.dataWrite], auditedAs: .dataDelete), placement: .loop, handler: data.delete,
                       forward: Forwarding.Route(operation: RecordOperation.dataDelete.rawValue, target: .id("data_id"), reveals: false)),
        ]
    }

    /// A check of a body's fields before it is forwarded: its shape (`parse`) and its field rules (`rules`),
    /// refused as the owning node would refuse them (400, 422 naming the field).
    static func validating<Fields>(_ noun: String, _ parse: @escaping @Sendable ([JSONMember]) throws(HTTPError) -> Fields,
                                           _ rules: @escaping @Sendable (Fields) throws(FieldError) -> Void)
        -> @Sendable (HTTPRequest) throws -> Void {
        { request in
            let fields = try parse(try request.jsonObject())
            do throws(FieldError) { try rules(fields) } catch { throw ProfileError.invalid(error).httpError(noun) }
        }
    }
}
