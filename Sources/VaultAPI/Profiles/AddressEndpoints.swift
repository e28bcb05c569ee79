import HTTPServer
import JSONCore
import Vault

/// `/v1/d/pii/profiles/{profile_id}/addresses`: get-or-create, list, read, update, delete.
struct AddressEndpoints: Sendable {
    let vault: Vault
    let access: Access

    func create(_ request: HTTPRequest, _ responder: ResponseSink) {
        guard let key = authorize(request, [.profilesWrite], .addressCreate, responder) else { return }
        let fields: AddressFields
        do { fields = try ProfileRequests.addressFields(try request.jsonObject()) } catch { return responder.send(error) }
        vault.getOrCreateAddress(tenant: key.tenant, profileID: profileID(request), fields: fields,
                                 context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile") { .json($0.created ? 201 : 200, ProfileJSON.body($0.address)) }
        }
    }

    /// `offset` (>= 0) and `count` (1 to 1,000, default 10); oldest first.
    func list(_ request: HTTPRequest, _ responder: ResponseSink) {
        guard let key = authorize(request, [.profilesRead], .addressList, responder) else { return }
        var offset = 0, count = PageQuery.addresses.defaultCount
        do {
            for (name, value) in try PageQuery.items(request, accepted: ["offset", "count"]) {
                if name == "offset" {
                    offset = try PageQuery.integer(value, name: "offset", in: PageQuery.addresses.offsets)
                } else {
                    count = try PageQuery.integer(value, name: "count", in: PageQuery.addresses.counts)
                }
            }
        } catch {
            return responder.send(error)
        }
        vault.addresses(tenant: key.tenant, profileID: profileID(request), offset: offset, count: count,
                        context: AuditContext(key, responder)) { [offset] result in
            responder.reply(result, noun: "profile") { page in
                .json(200, ProfileJSON.page("addresses", page.addresses, total: page.total, offset: offset, write: ProfileJSON.write))
            }
        }
    }

    func get(_ request: HTTPRequest, _ responder: ResponseSink) {
        guard let key = authorize(request, [.profilesRead], .addressRead, responder) else { return }
        vault.address(tenant: key.tenant, profileID: profileID(request), addressID: addressID(request),
                      context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile or address") { .json(200, ProfileJSON.body($0)) }
        }
    }

    func update(_ request: HTTPRequest, _ responder: ResponseSink) {
        guard let key = authorize(request, [.profilesWrite], .addressUpdate, responder) else { return }
        let patch: AddressPatch
        do { patch = try ProfileRequests.addressPatch(try request.jsonObject()) } catch { return responder.send(error) }
        vault.updateAddress(tenant: key.tenant, profileID: profileID(request), addressID: addressID(request), patch: patch,
                            context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "address") { .json(200, ProfileJSON.body($0)) }
        }
    }

    func delete(_ request: HTTPRequest, _ responder: ResponseSink) {
        guard let key = authorize(request, [.profilesWrite], .addressDelete, responder) else { return }
        vault.deleteAddress(tenant: key.tenant, profileID: profileID(request), addressID: addressID(request),
                            context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile or address") { _ in HTTPResponse(status: 204) }
        }
    }

    /// Every route here names a profile (and maybe one of its addresses): a refused key is audited.
    private func authorize(_ request: HTTPRequest, _ scopes: [Scope], _ operation: RecordOperation,
                           _ responder: ResponseSink) -> APIKey? {
        access.authorize(request, anyOf: scopes, naming: profileID(request), for: operation, vault: vault, responder)
    }

    private func profileID(_ request: HTTPRequest) -> String { request.pathParameters["profile_id"] ?? "" }
    private func addressID(_ request: HTTPRequest) -> String { request.pathParameters["address_id"] ?? "" }
}
