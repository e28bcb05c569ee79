import HTTPServer
import Vault

/// v0's list query: `q` matches first and last names partially and the e-mail, id and display id exactly
/// (case-insensitively); `filter[created_by]` and `filter[extended_attributes.name]`/`.value` narrow it;
/// `sort` as v1's; `offset`, `count` 1 to 500. The vault's search finds candidates (up to its 10,000
/// results), v0's rules then decide, so `total` counts what v0 would match.
struct LegacyCustomerQuery: Sendable {
    var search = ProfileQuery()
    var text = ""
    var createdBy: String?
    var attributeName: String?
    var attributeValue: String?
    var offset = 0
    var count = 10

    init(_ request: HTTPRequest) throws(HTTPError) {
        let accepted = ["q", "sort", "offset", "count", "filter[created_by]", "filter[extended_attributes.name]",
                        "filter[extended_attributes.value]"]
        var v1Items: [(String, String)] = []
        for (name, value) in try PageQuery.items(request, accepted: accepted) {
            switch name {
            case "q": text = value.trimmingSpaces()
            case "offset": offset = try PageQuery.integer(value, name: "offset", in: 0...Int(Int32.max))
            case "count": count = try PageQuery.integer(value, name: "count", in: 1...500)
            case "filter[created_by]": createdBy = value
            case "filter[extended_attributes.name]": attributeName = value
            case "filter[extended_attributes.value]": attributeValue = value
            default: v1Items.append((name, value))
            }
        }
        if attributeValue != nil && attributeName == nil {
            throw HTTPError(400, "filter[extended_attributes.value] needs filter[extended_attributes.name]")
        }
        if let sort = v1Items.first?.1 {
            let parts = sort.split(separator: "|", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let field = ProfileQuery.SortField(rawValue: String(parts[0])),
                  parts.count == 1 || parts[1] == "asc" || parts[1] == "desc" else {
                throw HTTPError(400, "sort must be created_at or updated_at, optionally followed by |asc or |desc")
            }
            search.sortField = field
            search.descending = parts.count == 2 && parts[1] == "desc"
        }
        // A text the vault's search cannot take (under 3 characters) lists everything for v0's rules to decide.
        search.text = ProfileQuery.problem(with: text) == nil ? text : nil
        search.count = 500
    }

    /// Every candidate, page by page, then v0's rules, then the page asked for.
    func run(vault: Vault, caller: KeyCaller,
             completion: @escaping @Sendable (Result<(profiles: [Profile], total: Int), ProfileError>) -> Void) {
        collect(vault: vault, caller: caller, from: 0, into: []) { result in
            completion(result.map { all in
                let matching = all.filter(matches)
                return (Array(matching.dropFirst(offset).prefix(count)), matching.count)
            })
        }
    }

    private func collect(vault: Vault, caller: KeyCaller, from start: Int, into found: [Profile],
                         completion: @escaping @Sendable (Result<[Profile], ProfileError>) -> Void) {
        var query = search
        query.offset = start
        query.count = min(search.count, ProfileQuery.maxResults - start)
        vault.listProfiles(tenant: caller.tenant, query: query, context: caller.context) { result in
            switch result {
            case .success(let page):
                let all = found + page.profiles
                guard !page.profiles.isEmpty, all.count < page.total, all.count < ProfileQuery.maxResults else { return completion(.success(all)) }
                collect(vault: vault, caller: caller, from: all.count, into: all, completion: completion)
            case .failure(let error): completion(.failure(error))
            }
        }
    }

    func matches(_ profile: Profile) -> Bool {
        let fields = profile.fields
        if let createdBy, fields.createdBy != createdBy { return false }
        if let attributeName {
            guard let attribute = fields.extendedAttributes.first(where: { $0.name == attributeName }) else { return false }
            if let attributeValue, LegacyCustomerJSON.stringValue(attribute.value) != attributeValue { return false }
        }
        guard !text.isEmpty else { return true }
        let needle = text.lowercased()
        let names = [fields.firstName, fields.lastName, fields.fullName].compactMap { $0?.lowercased() }
        return names.contains { $0.contains(needle) } || fields.email.lowercased() == needle
            || profile.id.string == text || profile.displayID == text.uppercased()
    }
}
