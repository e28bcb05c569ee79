/// v2's `lookup-bulk-emails`: which of up to 1,000 e-mails have a profile, through the exact e-mail blind
/// index, one query per served region.
extension Vault {
    package static let maxBulkEmails = 1_000

    /// The e-mails (as sent) that name a live profile of `tenant`, each with that profile's id; e-mails
    /// without one are left out. Compared as get-or-create compares them (case-insensitively). Each region
    /// that found any records one audit record naming the profiles, once durable.
    package func profileIDs(tenant: Tenant, emails: [String], context: AuditContext,
                            completion: @escaping ProfileCompletion<[(email: String, id: Token)]>) {
        let now = configuration.clock()
        var found: [(email: String, id: Token)] = []
        var records: [(RegionStore, AuditRecord)] = []
        do {
            for store in stores.values.sorted(by: { $0.region.code < $1.region.code }) {
                var byIndex: [[UInt8]: [String]] = [:]
                for email in emails { byIndex[try store.blindIndex.email(email, tenant: tenant), default: []].append(email) }
                let rows = try store.storage.read { try $0.profiles.ids(emailIndexes: Array(byIndex.keys), tenant: tenant) }
                guard !rows.isEmpty else { continue }
                for row in rows {
                    let id = try store.identity.token(for: row.id, kind: .profile, tenant: tenant)
                    for email in byIndex[row.emailIndex] ?? [] { found.append((email, id)) }
                }
                records.append((store, AuditRecord("profile.lookup", tenant, context, rows.map(\.id),
                                                   "found \(rows.count) of \(emails.count) e-mails", now)))
            }
        } catch {
            logFailure("profile lookup", error)
            return completion(.failure(RegionStore.profileError(for: error)))
        }
        let answer = found
        Self.record(records[...]) { result in completion(result.map { answer }) }
    }

    /// Each region's record in turn; the first failure ends it.
    private static func record(_ records: ArraySlice<(RegionStore, AuditRecord)>,
                               completion: @escaping @Sendable (Result<Void, ProfileError>) -> Void) {
        guard let (store, record) = records.first else { return completion(.success(())) }
        store.recordRead(record) { result in
            guard case .success = result else { return completion(result) }
            Self.record(records.dropFirst(), completion: completion)
        }
    }
}
