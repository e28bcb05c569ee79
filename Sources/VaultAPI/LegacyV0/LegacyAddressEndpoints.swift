import HTTPServer
import JSONCore
import Vault

/// v0's addresses of a customer: typed `billing` or `shipping`, v0's field names, the vault's address
/// operations underneath. `profile_revision` is taken (and required to delete, as v0 says) but not compared:
/// an address change does not change the profile's revision here.
struct LegacyAddressEndpoints: Sendable {
    let vault: Vault

    func create(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let fields = try LegacyCustomerRequests.address(try request.jsonObject())
        let profileID = ProfileEndpoints.profileID(request)
        return .later { [vault] answer in
            vault.getOrCreateAddress(tenant: caller.tenant, profileID: profileID, fields: fields, context: caller.context) { result in
                answer.send(result, noun: "customer") { .json(200, LegacyCustomerJSON.address($0.address).serialized) }
            }
        }
    }

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let (profileID, addressID) = Self.ids(request)
        return .later { [vault] answer in
            vault.address(tenant: caller.tenant, profileID: profileID, addressID: addressID, context: caller.context) { result in
                answer.send(result, noun: "customer or address") { .json(200, LegacyCustomerJSON.address($0).serialized) }
            }
        }
    }

    func update(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let patch = try LegacyCustomerRequests.addressPatch(try request.jsonObject())
        let (profileID, addressID) = Self.ids(request)
        return .later { [vault] answer in
            vault.updateAddress(tenant: caller.tenant, profileID: profileID, addressID: addressID, patch: patch,
                                context: caller.context) { result in
                answer.send(result, noun: "address") { .json(200, LegacyCustomerJSON.address($0).serialized) }
            }
        }
    }

    func delete(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        try LegacyCustomerRequests.addressDeletion(try request.jsonObject())
        let (profileID, addressID) = Self.ids(request)
        return .later { [vault] answer in
            vault.deleteAddress(tenant: caller.tenant, profileID: profileID, addressID: addressID, context: caller.context) { result in
                answer.send(result, noun: "customer or address") { _ in HTTPResponse(status: 204) }
            }
        }
    }

    private static func ids(_ request: HTTPRequest) -> (profile: String, address: String) {
        (ProfileEndpoints.profileID(request), request.pathParameters["address_id"] ?? "")
    }
}
