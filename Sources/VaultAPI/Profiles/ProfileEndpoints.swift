import HTTPServer
import JSONCore
import Vault

/// `/v1/d/pii/profiles`: list and search, get-or-create, read, update, deletion request. Reads need
/// `profiles:read`, writes `profiles:write`.
struct ProfileEndpoints: Sendable {
    let vault: Vault
    let access: Access

    func list(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey, query: ProfileQuery
        do {
            key = try access.authorize(request, anyOf: [.profilesRead])
            query = try Self.listQuery(request)
        } catch {
            return responder.send(error)
        }
        let offset = query.offset
        vault.listProfiles(tenant: key.tenant, query: query, context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile") { page in
                .json(200, ProfileJSON.page("profiles", page.profiles, total: page.total, offset: offset, write: ProfileJSON.write))
            }
        }
    }

    func create(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey, region: Region, fields: ProfileFields
        do {
            key = try access.authorize(request, anyOf: [.profilesWrite])
            region = try APIRequest.region(request, vault: vault, tenantDefault: key.defaultRegion)
            fields = try ProfileRequests.profileFields(try request.jsonObject())
        } catch {
            return responder.send(error)
        }
        vault.getOrCreateProfile(tenant: key.tenant, region: region, fields: fields, context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile") { .json($0.created ? 201 : 200, ProfileJSON.body($0.profile)) }
        }
    }

    func get(_ request: HTTPRequest, _ responder: ResponseSink) {
        let id = profileID(request)
        guard let key = access.authorize(request, anyOf: [.profilesRead], naming: id, for: .profileRead, vault: vault, responder) else {
            return
        }
        vault.profile(tenant: key.tenant, id: id, context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile") { .json(200, ProfileJSON.body($0)) }
        }
    }

    func update(_ request: HTTPRequest, _ responder: ResponseSink) {
        let id = profileID(request)
        guard let key = access.authorize(request, anyOf: [.profilesWrite], naming: id, for: .profileUpdate, vault: vault, responder) else {
            return
        }
        let patch: ProfilePatch
        do { patch = try ProfileRequests.profilePatch(try request.jsonObject()) } catch { return responder.send(error) }
        vault.updateProfile(tenant: key.tenant, id: id, patch: patch, context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile") { .json(200, ProfileJSON.body($0)) }
        }
    }

    /// `POST /profiles/{id}/delete`: 202 once the profile's key is destroyed (durably).
    func delete(_ request: HTTPRequest, _ responder: ResponseSink) {
        let id = profileID(request)
        guard let key = access.authorize(request, anyOf: [.profilesWrite], naming: id, for: .profileDelete, vault: vault, responder) else {
            return
        }
        vault.requestProfileDeletion(tenant: key.tenant, id: id, context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "profile") { _ in HTTPResponse(status: 202) }
        }
    }

    private func profileID(_ request: HTTPRequest) -> String { request.pathParameters["profile_id"] ?? "" }

    /// `q`, `sort` (`created_at|desc` by default), `offset` (>= 0) and `count` (1 to 500); no page may
    /// reach past 10,000 results.
    static func listQuery(_ request: HTTPRequest) throws(HTTPError) -> ProfileQuery {
        var query = ProfileQuery()
        for (name, value) in try PageQuery.items(request, accepted: ["q", "sort", "offset", "count"]) {
            switch name {
            case "q":
                let text = value.trimmingSpaces()
                if !text.isEmpty, let problem = ProfileQuery.problem(with: text) { throw HTTPError(400, problem) }
                query.text = text
            case "sort":
                let parts = value.split(separator: "|", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), let field = ProfileQuery.SortField(rawValue: String(parts[0])),
                      parts.count == 1 || parts[1] == "asc" || parts[1] == "desc" else {
                    throw HTTPError(400, "sort must be created_at or updated_at, optionally followed by |asc or |desc")
                }
                query.sortField = field
                query.descending = parts.count == 2 && parts[1] == "desc"
            case "offset":
                query.offset = try PageQuery.integer(value, name: "offset", in: PageQuery.profiles.offsets)
            default:
                query.count = try PageQuery.integer(value, name: "count", in: PageQuery.profiles.counts)
            }
        }
        guard query.offset + query.count <= ProfileQuery.maxResults else {
            throw HTTPError(400, "a page may not reach past \(ProfileQuery.maxResults) profiles (offset + count)")
        }
        return query
    }
}
