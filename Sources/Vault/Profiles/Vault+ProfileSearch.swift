import Locking

/// Listing and searching profiles across the regions this node serves. A search never decrypts every
/// profile: blind indexes name the candidates, and only those are decrypted to confirm the match.
extension Vault {
    /// Where one profile falls in the requested order.
    struct PageEntry: Sendable {
        let sortValue: Int64
        let region: Region
        let number: Int64
        var profile: Profile?
    }

    package func listProfiles(tenant: Tenant, query: ProfileQuery, context: AuditContext,
                             completion: @escaping ProfileCompletion<ProfilePage>) {
        let needed = query.offset + query.count
        var entries: [PageEntry] = []
        var total = 0
        let text = query.text ?? ""
        do {
            for region in servedRegions {
                guard let store = stores[region] else { continue }
                let found = try store.storage.snapshot { tables in
                    text.isEmpty ? try Self.listEntries(store, tenant, query, limit: needed, tables.profiles)
                                 : try Self.searchEntries(store, tenant, query, text, keep: needed, tables)
                }
                entries += found.entries
                total += found.total
            }
            entries.sort { query.precedes(($0.sortValue, $0.region, $0.number), ($1.sortValue, $1.region, $1.number)) }
            let page = try Array(entries.dropFirst(query.offset).prefix(query.count)).map { entry in
                if let profile = entry.profile { return profile }
                guard let store = stores[entry.region] else { throw ProfileError.internalError }
                return try store.storage.read { tables -> Profile in
                    guard let row = try tables.profiles.find(number: entry.number), row.isLive else {
                        throw ProfileError.unavailable  // deleted between the two reads: the caller may retry
                    }
                    return try store.open(row, tenant: tenant).profile
                }
            }
            let result = ProfilePage(profiles: page, total: text.isEmpty ? total : min(total, ProfileQuery.maxResults))
            recordList(page, tenant: tenant, context: context) { completion($0.map { result }) }
        } catch {
            completion(.failure(failure(error, "profile list")))
        }
    }

    /// Every live profile of the tenant in one region, in order; only the first `limit` are returned.
    private static func listEntries(_ store: RegionStore, _ tenant: Tenant, _ query: ProfileQuery, limit: Int,
                                    _ profiles: any ProfileRows) throws -> (entries: [PageEntry], total: Int) {
        let total = try profiles.countLive(tenant: tenant)
        var entries: [PageEntry] = []
        try profiles.ordered(tenant: tenant, by: query.sortField, descending: query.descending, limit: limit) { number, sortValue in
            entries.append(PageEntry(sortValue: sortValue, region: store.region, number: number))
        }
        return (entries, total)
    }

    /// Candidates from the blind indexes (and exact id / display id matches), confirmed by decrypting, in
    /// order, up to `ProfileQuery.maxResults`; the first `keep` carry their opened profile.
    private static func searchEntries(_ store: RegionStore, _ tenant: Tenant, _ query: ProfileQuery, _ text: String,
                                      keep: Int, _ tables: any RegionTables) throws -> (entries: [PageEntry], total: Int) {
        let profiles = tables.profiles
        var exact = Set<Int64>()
        if let token = try? Token.parse(text), token.region == store.region,
           try store.identity.kind(of: token, tenant: tenant) == .profile,
           let row = try profiles.live(id: token.id, tenant: tenant) {
            exact.insert(row.number)
        }
        if let displayID = DisplayID.candidate(text), let row = try profiles.find(displayID: displayID, tenant: tenant),
           row.isLive {
            exact.insert(row.number)
        }
        var fieldQueries: [(SearchField, [Unicode.Scalar])] = []
        var gramQueries: [Set<Int64>] = []
        for field in SearchField.allCases {
            guard let normalized = field.normalizedQuery(text) else { continue }
            fieldQueries.append((field, normalized))
            gramQueries.append(try store.blindIndex.grams(of: normalized, field: field, tenant: tenant))
        }
        let candidates = exact.union(try GramIndex.candidates(gramQueries, tenant: tenant, in: tables.grams))
        var entries: [PageEntry] = []
        for (number, sortValue, fetched) in try ordered(candidates, store, tenant, query, profiles) {
            guard entries.count < ProfileQuery.maxResults else { break }
            guard let row = try fetched ?? profiles.find(number: number), row.tenant == tenant.name,
                  row.isLive else { continue }
            let fields = try store.openFields(row, tenant: tenant).fields
            guard exact.contains(number) || fieldQueries.contains(where: { $0.0.matches($0.1, in: fields) }) else { continue }
            entries.append(PageEntry(sortValue: sortValue, region: store.region, number: number,
                                     profile: entries.count < keep ? try store.profile(row, fields, tenant: tenant) : nil))
        }
        return (entries, entries.count)
    }

    /// Candidates in the requested order with their sort values. Few candidates are fetched one by one (their
    /// rows kept for the confirmation); many are picked out of one ordered scan of the tenant's index, which
    /// is cheaper than that many lookups, and fetched as the confirmation reaches them.
    private static func ordered(_ candidates: Set<Int64>, _ store: RegionStore, _ tenant: Tenant, _ query: ProfileQuery,
                                _ profiles: any ProfileRows) throws -> [(number: Int64, sortValue: Int64, row: ProfileRow?)] {
        var out: [(number: Int64, sortValue: Int64, row: ProfileRow?)] = []
        if candidates.count > 2_000 {
            try profiles.ordered(tenant: tenant, by: query.sortField, descending: query.descending, limit: nil) { number, sortValue in
                if candidates.contains(number) { out.append((number, sortValue, nil)) }
            }
            return out
        }
        for number in candidates {
            guard let row = try profiles.find(number: number), row.tenant == tenant.name, row.isLive else { continue }
            out.append((number, query.sortField == .createdAt ? row.createdAt : row.updatedAt, row))
        }
        out.sort { query.precedes(($0.sortValue, store.region, $0.number), ($1.sortValue, store.region, $1.number)) }
        return out
    }

    /// One audit record per region whose profiles the page reveals (the default region's when it reveals
    /// none: a search is a read even when it finds nothing); answers once all are durable.
    private func recordList(_ page: [Profile], tenant: Tenant, context: AuditContext,
                            completion: @escaping ProfileCompletion<Void>) {
        var byRegion: [Region: [ULID]] = [:]
        for profile in page { byRegion[profile.id.region, default: []].append(profile.id.id) }
        if byRegion.isEmpty { byRegion[stores[configuration.defaultRegion] != nil ? configuration.defaultRegion : servedRegions[0]] = [] }
        let now = configuration.clock()
        // Every region here is served (the page's profiles came from its stores).
        let chains = byRegion.compactMap { region, ids in stores[region].map { (store: $0, ids: ids) } }
        guard !chains.isEmpty else { return completion(.failure(.internalError)) }
        let remaining = Locked((count: chains.count, failure: ProfileError?.none))
        for (store, ids) in chains {
            let record = AuditRecord("profile.list", tenant, context, ids, "revealed \(ids.count)", now)
            store.recordRead(record) { result in
                let done = remaining.withLock { state -> (Bool, ProfileError?) in
                    if case .failure(let error) = result { state.failure = error }
                    state.count -= 1
                    return (state.count == 0, state.failure)
                }
                guard done.0 else { return }
                completion(done.1.map { .failure($0) } ?? .success(()))
            }
        }
    }
}
