import HTTPServer
import JSONCore
import Vault

/// The legacy v0 customers (`/v0/d/consumer_profiles`, seed 003) over the shared profiles and addresses,
/// through the vault's own operations (their audit records, residency and erasure included).
struct LegacyCustomerEndpoints: Sendable {
    let vault: Vault

    /// 409 when a profile of this tenant has the e-mail (v0 creates; it does not get-or-create). The
    /// addresses are checked before the profile is made, then added to it.
    func create(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let region = try APIRequest.region(request, vault: vault, tenantDefault: caller.key.defaultRegion)
        let (fields, addresses) = try LegacyCustomerRequests.creation(try request.jsonObject())
        for address in addresses {
            do throws(FieldError) { try address.validate() } catch { throw ProfileError.invalid(error).httpError("address") }
        }
        return .later { [vault] answer in
            vault.getOrCreateProfile(tenant: caller.tenant, region: region, fields: fields, context: caller.context) { result in
                guard case .success(let made) = result, made.created else {
                    return answer.send { throw Self.refusal(result.map(\.profile)) ?? HTTPError(409, "a customer with this email already exists") }
                }
                Self.add(addresses[...], to: made.profile, vault: vault, caller: caller) { added in
                    answer.send(added, noun: "address") { .json(200, LegacyCustomerJSON.customer(made.profile, addresses: $0).serialized) }
                }
            }
        }
    }

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = ProfileEndpoints.profileID(request)
        return .later { [vault] answer in
            vault.profile(tenant: caller.tenant, id: id, context: caller.context) { result in
                Self.answerWithAddresses(result, vault: vault, caller: caller, answer: answer)
            }
        }
    }

    /// `revision` must be the one read (409 otherwise); names, extended attributes (the whole list) and
    /// maybe the phone number and e-mail change.
    func update(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = ProfileEndpoints.profileID(request)
        let patch = try LegacyCustomerRequests.update(try request.jsonObject())
        return .later { [vault] answer in
            vault.updateProfile(tenant: caller.tenant, id: id, patch: patch, context: caller.context) { result in
                Self.answerWithAddresses(result, vault: vault, caller: caller, answer: answer)
            }
        }
    }

    /// A deletion request, as v1's and v2's: 202 once the profile's key is destroyed.
    func delete(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = ProfileEndpoints.profileID(request)
        return .later { [vault] answer in
            vault.requestProfileDeletion(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "customer") { _ in HTTPResponse(status: 202) }
            }
        }
    }

    /// A PII vault holds no orders.
    func orders(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        throw HTTPError(501, "this vault holds customers' personal data, not their orders: ask the order service", code: "not_implemented")
    }

    func list(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply { try list(request, caller, simplified: false) }

    func listSimplified(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply { try list(request, caller, simplified: true) }

    private func list(_ request: HTTPRequest, _ caller: KeyCaller, simplified: Bool) throws -> Reply {
        let query = try LegacyCustomerQuery(request)
        return .later { [vault] answer in
            query.run(vault: vault, caller: caller) { result in
                let page: (profiles: [Profile], total: Int)
                switch result {
                case .success(let found): page = found
                case .failure(let error): return answer.send { throw error.httpError("customer") }
                }
                let done: @Sendable ([JSONValue]) -> Void = { items in
                    answer.send {
                        .json(200, JSONValue.object([
                            JSONMember("items", .array(items)),
                            JSONMember("pagination_info", .object([JSONMember("count", .number(String(items.count))),
                                                                   JSONMember("total", .number(String(page.total))),
                                                                   JSONMember("offset", .number(String(query.offset)))])),
                        ]).serialized)
                    }
                }
                if simplified { return done(page.profiles.map(LegacyCustomerJSON.simplified)) }
                Self.withAddresses(page.profiles[...], vault: vault, caller: caller, into: []) { result in
                    switch result {
                    case .success(let items): done(items)
                    case .failure(let error): answer.send { throw error.httpError("customer") }
                    }
                }
            }
        }
    }

    /// The profile with its addresses (all of them: at most 1,000), as v0's customer.
    private static func answerWithAddresses(_ result: Result<Profile, ProfileError>, vault: Vault, caller: KeyCaller, answer: Answer) {
        let profile: Profile
        switch result {
        case .success(let found): profile = found
        case .failure(let error): return answer.send { throw error.httpError("customer") }
        }
        withAddresses([profile][...], vault: vault, caller: caller, into: []) { all in
            answer.send(all, noun: "customer") { .json(200, $0[0].serialized) }
        }
    }

    /// Each profile's customer JSON with its addresses, one profile after the other.
    private static func withAddresses(_ profiles: ArraySlice<Profile>, vault: Vault, caller: KeyCaller, into done: [JSONValue],
                                      completion: @escaping @Sendable (Result<[JSONValue], ProfileError>) -> Void) {
        guard let profile = profiles.first else { return completion(.success(done)) }
        vault.addresses(tenant: caller.tenant, profileID: profile.id.string, offset: 0, count: 1_000, context: caller.context) { result in
            switch result {
            case .success(let page):
                withAddresses(profiles.dropFirst(), vault: vault, caller: caller,
                              into: done + [LegacyCustomerJSON.customer(profile, addresses: page.addresses)], completion: completion)
            case .failure(let error): completion(.failure(error))
            }
        }
    }

    /// Adds `addresses` to the new profile one after the other; answers all the profile has then.
    private static func add(_ addresses: ArraySlice<AddressFields>, to profile: Profile, vault: Vault, caller: KeyCaller, made: [Address] = [],
                            completion: @escaping @Sendable (Result<[Address], ProfileError>) -> Void) {
        guard let fields = addresses.first else { return completion(.success(made)) }
        vault.getOrCreateAddress(tenant: caller.tenant, profileID: profile.id.string, fields: fields, context: caller.context) { result in
            switch result {
            case .success(let added): add(addresses.dropFirst(), to: profile, vault: vault, caller: caller, made: made + [added.address], completion: completion)
            case .failure(let error): completion(.failure(error))
            }
        }
    }

    /// The answer for a failed get-or-create; nil when it found a profile (a conflict for v0).
    private static func refusal(_ result: Result<Profile, ProfileError>) -> HTTPError? {
        if case .failure(let error) = result { return error.httpError("customer") }
        return nil
    }
}
