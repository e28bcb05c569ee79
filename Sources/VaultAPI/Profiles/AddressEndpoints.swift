import HTTPServer
import JSONCore
import Vault

/// `/v1/d/pii/profiles/{profile_id}/addresses`: get-or-create, list, read, update, delete. Every route
/// names a profile (and maybe one of its addresses), so a refused key is audited (see `PIIRoutes`). v2's
/// are the same with its own request rules (`fields`, `patch`).
struct AddressEndpoints: Sendable {
    let vault: Vault
    var fields: @Sendable ([JSONMember]) throws(HTTPError) -> AddressFields = ProfileRequests.addressFields
    var patch: @Sendable ([JSONMember]) throws(HTTPError) -> AddressPatch = ProfileRequests.addressPatch
    /// v2 leaves out the fields an address does not have; v1 answers them null.
    var omittingUnset = false

    func create(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let fields = try self.fields(try request.jsonObject()), omit = omittingUnset
        let profileID = ProfileEndpoints.profileID(request)
        return .later { [vault] answer in
            vault.getOrCreateAddress(tenant: caller.tenant, profileID: profileID, fields: fields, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json($0.created ? 201 : 200, ProfileJSON.body($0.address, omittingUnset: omit)) }
            }
        }
    }

    /// `offset` (>= 0) and `count` (1 to 1,000, default 10); oldest first.
    func list(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let (offset, count) = try PageQuery.offsetAndCount(request, PageQuery.addresses)
        let profileID = ProfileEndpoints.profileID(request), omit = omittingUnset
        return .later { [vault] answer in
            vault.addresses(tenant: caller.tenant, profileID: profileID, offset: offset, count: count,
                            context: caller.context) { result in
                answer.send(result, noun: "profile") { page in
                    .json(200, ProfileJSON.page("addresses", page.addresses, total: page.total, offset: offset) { address, writer in
                        ProfileJSON.write(address, omittingUnset: omit, into: &writer)
                    })
                }
            }
        }
    }

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let (profileID, addressID) = Self.ids(request), omit = omittingUnset
        return .later { [vault] answer in
            vault.address(tenant: caller.tenant, profileID: profileID, addressID: addressID, context: caller.context) { result in
                answer.send(result, noun: "profile or address") { .json(200, ProfileJSON.body($0, omittingUnset: omit)) }
            }
        }
    }

    func update(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let patch = try self.patch(try request.jsonObject())
        let (profileID, addressID) = Self.ids(request), omit = omittingUnset
        return .later { [vault] answer in
            vault.updateAddress(tenant: caller.tenant, profileID: profileID, addressID: addressID, patch: patch,
                                context: caller.context) { result in
                answer.send(result, noun: "address") { .json(200, ProfileJSON.body($0, omittingUnset: omit)) }
            }
        }
    }

    func delete(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let (profileID, addressID) = Self.ids(request)
        return .later { [vault] answer in
            vault.deleteAddress(tenant: caller.tenant, profileID: profileID, addressID: addressID, context: caller.context) { result in
                answer.send(result, noun: "profile or address") { _ in HTTPResponse(status: 204) }
            }
        }
    }

    private static func ids(_ request: HTTPRequest) -> (profile: String, address: String) {
        (ProfileEndpoints.profileID(request), request.pathParameters["address_id"] ?? "")
    }
}
