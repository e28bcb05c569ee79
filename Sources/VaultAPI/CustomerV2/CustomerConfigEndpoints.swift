import HTTPServer
import JSONCore
import Vault

/// `GET`/`PATCH /customer/config`: the tenant's v2 settings, kept in the control store. The CRM token is
/// sealed under the control keyring and never answered: `api_token` is always "" and `api_token_set` says
/// whether one is held. The vault calls no CRM and merges no profiles; an answer with either enabled says so.
struct CustomerConfigEndpoints: Sendable {
    let control: ControlStore

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        _ = try PageQuery.items(request, accepted: [])
        return .now(.json(200, Self.body(try settings { try control.settings(of: caller.tenant) })))
    }

    func update(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let change = try Self.change(try request.jsonObject())
        let updated = try settings { try control.updateSettings(of: caller.tenant, change, context: caller.context) }
        return .now(.json(200, Self.body(updated)))
    }

    private func settings(_ body: () throws -> TenantSettings) throws(HTTPError) -> TenantSettings {
        do {
            return try body()
        } catch let error as TenantSettingsError {
            throw HTTPError(422, error.message)
        } catch {
            throw HTTPError(503, "the key store is unavailable; retry later", headers: HTTPHeaders([("retry-after", "1")]))
        }
    }

    static func change(_ members: [JSONMember]) throws(HTTPError) -> TenantSettingsChange {
        var change = TenantSettingsChange()
        let body = try BodyFields(members, accepted: ["first_and_last_name_enabled", "nom_consumer_profiles_merge", "byo_crm"])
        change.firstAndLastNameEnabled = try body.bool("first_and_last_name_enabled")
        change.profilesMerge = try body.bool("nom_consumer_profiles_merge")
        if let crm = try body.object("byo_crm") {
            let fields = try BodyFields(crm, accepted: ["enabled", "url", "api_token"], prefix: "byo_crm.")
            change.crmEnabled = try fields.bool("enabled")
            change.crmURL = try fields.string("url")
            change.crmToken = try fields.string("api_token")
        }
        return change
    }

    static func body(_ settings: TenantSettings) -> [UInt8] {
        var members = [
            JSONMember("first_and_last_name_enabled", .bool(settings.firstAndLastNameEnabled)),
            JSONMember("nom_consumer_profiles_merge", .bool(settings.profilesMerge)),
            JSONMember("byo_crm", .object([
                JSONMember("enabled", .bool(settings.crmEnabled)), JSONMember("url", .string(settings.crmURL)),
                JSONMember("api_token", .string("")), JSONMember("api_token_set", .bool(settings.hasCRMToken)),
            ])),
        ]
        var notPerformed: [JSONValue] = []
        if settings.crmEnabled { notPerformed.append(.string("byo_crm: this vault keeps the setting but calls no CRM")) }
        if settings.profilesMerge { notPerformed.append(.string("nom_consumer_profiles_merge: this vault keeps the setting but merges no profiles")) }
        if !notPerformed.isEmpty { members.append(JSONMember("not_performed", .array(notPerformed))) }
        return JSONValue.object(members).serialized
    }
}
