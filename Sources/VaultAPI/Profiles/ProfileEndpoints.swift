import HTTPServer
import JSONCore
import Vault

/// `/v1/d/pii/profiles`: list and search, get-or-create, read, update, deletion request. Reads need
/// `profiles:read`, writes `profiles:write`.
struct ProfileEndpoints: Sendable {
    let vault: Vault

    func list(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let query = try Self.listQuery(request)
        return .later { [vault] answer in
            vault.listProfiles(tenant: caller.tenant, query: query, context: caller.context) { result in
                answer.send(result, noun: "profile") { page in
                    .json(200, ProfileJSON.page("profiles", page.profiles, total: page.total, offset: query.offset, write: ProfileJSON.write))
                }
            }
        }
    }

    func create(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let region = try APIRequest.region(request, vault: vault, tenantDefault: caller.key.defaultRegion)
        let fields = try ProfileRequests.profileFields(try request.jsonObject())
        return .later { [vault] answer in
            vault.getOrCreateProfile(tenant: caller.tenant, region: region, fields: fields, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json($0.created ? 201 : 200, ProfileJSON.body($0.profile)) }
            }
        }
    }

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = Self.profileID(request)
        return .later { [vault] answer in
            vault.profile(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json(200, ProfileJSON.body($0)) }
            }
        }
    }

    func update(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = Self.profileID(request)
        let patch = try ProfileRequests.profilePatch(try request.jsonObject())
        return .later { [vault] answer in
            vault.updateProfile(tenant: caller.tenant, id: id, patch: patch, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json(200, ProfileJSON.body($0)) }
            }
        }
    }

    /// `POST /profiles/{id}/delete`: 202 once the profile's key is destroyed (durably).
    func delete(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = Self.profileID(request)
        return .later { [vault] answer in
            vault.requestProfileDeletion(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "profile") { _ in HTTPResponse(status: 202) }
            }
        }
    }

    static func profileID(_ request: HTTPRequest) -> String { request.pathParameters["profile_id"] ?? "" }

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
