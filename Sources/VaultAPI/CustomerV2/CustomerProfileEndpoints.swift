import HTTPServer
import JSONCore
import Vault

/// v2's `/customer/profiles`: v1's operations on the same profiles, answered in v2's shape. Whether a
/// profile's name is answered in two parts is the tenant's setting (`/customer/config`).
struct CustomerProfileEndpoints: Sendable {
    let vault: Vault
    let control: ControlStore

    func list(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let query = try ProfileEndpoints.listQuery(request)
        let names = try nameStyle(caller)
        return .later { [vault] answer in
            vault.listProfiles(tenant: caller.tenant, query: query, context: caller.context) { result in
                answer.send(result, noun: "profile") { page in
                    .json(200, ProfileJSON.page("profiles", page.profiles, total: page.total, offset: query.offset) { profile, writer in
                        ProfileJSON.write(profile, names: names, into: &writer)
                    })
                }
            }
        }
    }

    /// Get-or-create by e-mail: 201 whether it made the profile or found it, as v2 documents (compare
    /// `created_at` and `updated_at` to tell them apart).
    func create(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let region = try APIRequest.region(request, vault: vault, tenantDefault: caller.key.defaultRegion)
        let fields = try CustomerRequests.profileFields(try request.jsonObject())
        let names = try nameStyle(caller)
        return .later { [vault] answer in
            vault.getOrCreateProfile(tenant: caller.tenant, region: region, fields: fields, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json(201, ProfileJSON.body($0.profile, names: names)) }
            }
        }
    }

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = ProfileEndpoints.profileID(request)
        let names = try nameStyle(caller)
        return .later { [vault] answer in
            vault.profile(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json(200, ProfileJSON.body($0, names: names)) }
            }
        }
    }

    func update(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = ProfileEndpoints.profileID(request)
        let patch = try CustomerRequests.profilePatch(try request.jsonObject())
        let names = try nameStyle(caller)
        return .later { [vault] answer in
            vault.updateProfile(tenant: caller.tenant, id: id, patch: patch, context: caller.context) { result in
                answer.send(result, noun: "profile") { .json(200, ProfileJSON.body($0, names: names)) }
            }
        }
    }

    /// `POST /customer/profiles/{id}` with `{"operation": "delete"}`: 202 once the profile's key is destroyed.
    func delete(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = ProfileEndpoints.profileID(request)
        try CustomerRequests.deletion(try request.jsonObject())
        return .later { [vault] answer in
            vault.requestProfileDeletion(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "profile") { _ in HTTPResponse(status: 202) }
            }
        }
    }

    /// `POST /customer/profiles/lookup-bulk-emails` with `{"emails": [...]}` (at most 1,000): the ids of the
    /// profiles those e-mails name, in this node's regions, in one query per region.
    func lookupEmails(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let body = try BodyFields(try request.jsonObject(), accepted: ["emails"])
        guard let list = try body.array("emails") else { throw HTTPError(422, "emails is required") }
        guard list.count <= Vault.maxBulkEmails else { throw HTTPError(422, "emails may hold at most \(Vault.maxBulkEmails) entries") }
        var emails: [String] = []
        for item in list {
            // Characters as the document counts them; an address is at most 254 bytes, so a longer one names nobody.
            guard let email = item.stringValue, email.unicodeScalars.count <= FieldRules.maxEmailBytes else {
                throw HTTPError(422, "emails must hold strings of at most \(FieldRules.maxEmailBytes) characters")
            }
            emails.append(email)
        }
        return .later { [vault, emails] answer in
            vault.profileIDs(tenant: caller.tenant, emails: emails, context: caller.context) { result in
                answer.send(result, noun: "profile") { found in
                    .json(200, JSONValue.object([JSONMember("results", .array(found.map { entry in
                        .object([JSONMember("email", .string(entry.email)), JSONMember("id", .string(entry.id.string))])
                    }))]).serialized)
                }
            }
        }
    }

    private func nameStyle(_ caller: KeyCaller) throws(HTTPError) -> ProfileJSON.Names {
        do {
            return try control.settings(of: caller.tenant).firstAndLastNameEnabled ? .parts : .fullOnly
        } catch {
            throw HTTPError(503, "the key store is unavailable; retry later", headers: HTTPHeaders([("retry-after", "1")]))
        }
    }
}
