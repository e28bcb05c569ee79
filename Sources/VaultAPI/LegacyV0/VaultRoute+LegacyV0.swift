import HTTPServer
import Vault

/// The legacy v0 customers under `/v0/d/consumer_profiles` (`serve --legacy-v0`). Every answer carries the
/// deprecation notice (`LegacyV0.headers`).
extension VaultRoute {
    static func legacyV0(vault: Vault) -> [VaultRoute] {
        let customers = LegacyCustomerEndpoints(vault: vault)
        let addresses = LegacyAddressEndpoints(vault: vault)
        let base = LegacyV0.basePath, one = LegacyV0.basePath + "/{profile_id}"
        let address = one + "/addresses/{address_id}"
        return [
            VaultRoute(method: "GET", pattern: base, requirement: [.profilesRead], placement: .workers, handler: customers.list, forward: nil),
            // Before the routes of one customer, whose GET would take this path for an id.
            VaultRoute(method: "GET", pattern: base + "/simplified", requirement: [.profilesRead], placement: .workers,
                       handler: customers.listSimplified, forward: nil),
            VaultRoute(method: "POST", pattern: base, requirement: [.profilesWrite], placement: .workers, handler: customers.create,
                       forward: Forwarding.Route(operation: "profile.get_or_create", target: .creation, reveals: false) {
                           _ = try LegacyCustomerRequests.creation(try $0.jsonObject())
                       }),
            VaultRoute(method: "GET", pattern: one, requirement: named(.profileRead, [.profilesRead]), placement: .workers,
                       handler: customers.get, forward: byProfile(.profileRead, reveals: true)),
            VaultRoute(method: "PUT", pattern: one, requirement: named(.profileUpdate, [.profilesWrite]), placement: .workers,
                       handler: customers.update,
                       forward: byProfile(.profileUpdate, reveals: true) { _ = try LegacyCustomerRequests.update(try $0.jsonObject()) }),
            VaultRoute(method: "DELETE", pattern: one, requirement: named(.profileDelete, [.profilesWrite]), placement: .workers,
                       handler: customers.delete, forward: byProfile(.profileDelete, reveals: false)),
            VaultRoute(method: "GET", pattern: one + "/orders", requirement: [.profilesRead], placement: .loop,
                       handler: customers.orders, forward: nil),
            VaultRoute(method: "POST", pattern: one + "/addresses", requirement: named(.addressCreate, [.profilesWrite]),
                       placement: .workers, handler: addresses.create,
                       forward: byProfile(.addressCreate, reveals: true) { _ = try LegacyCustomerRequests.address(try $0.jsonObject()) }),
            VaultRoute(method: "GET", pattern: address, requirement: named(.addressRead, [.profilesRead]), placement: .workers,
                       handler: addresses.get, forward: byProfile(.addressRead, reveals: true)),
            VaultRoute(method: "PUT", pattern: address, requirement: named(.addressUpdate, [.profilesWrite]), placement: .workers,
                       handler: addresses.update,
                       forward: byProfile(.addressUpdate, reveals: true) { _ = try LegacyCustomerRequests.addressPatch(try $0.jsonObject()) }),
            VaultRoute(method: "DELETE", pattern: address, requirement: named(.addressDelete, [.profilesWrite]), placement: .workers,
                       handler: addresses.delete, forward: byProfile(.addressDelete, reveals: false)),
        ]
    }
}

/// v0's deprecation notice: `Deprecation` (RFC 9745: deprecated since 1 January 2025), `Sunset` (RFC 8594: the
/// date NewStore announced, 31 March 2025) and a `Link` to the v2 equivalent of the path asked for.
enum LegacyV0 {
    static let basePath = "/v0/d/consumer_profiles"
    static let sunset = "Mon, 31 Mar 2025 00:00:00 GMT"
    static let deprecation = "@1735689600"

    static func headers(for path: Substring) -> HTTPHeaders {
        var successor = "/customer/profiles" + path.dropFirst(basePath.count)
        for suffix in ["/orders", "/simplified"] where successor.hasSuffix(suffix) { successor = String(successor.dropLast(suffix.count)) }
        return HTTPHeaders([("deprecation", deprecation), ("sunset", sunset),
                            ("link", "<\(successor)>; rel=\"successor-version\"")])
    }
}
