import VaultCrypto

/// Customer profiles: get-or-create by e-mail, read, optimistic update, deletion by crypto-shredding.
/// Every operation is on the audit record before it answers: writes in the same commit, reads in a
/// commit of their own.
extension Vault {
    package typealias ProfileCompletion<T> = @Sendable (Result<T, ProfileError>) -> Void

    /// The profile of `tenant` with this e-mail (compared case-insensitively) in any region this node
    /// serves, or a new one in `region`. `created` tells which.
    package func getOrCreateProfile(tenant: Tenant, region: Region, fields: ProfileFields, context: AuditContext,
                                   completion: @escaping ProfileCompletion<(profile: Profile, created: Bool)>) {
        do throws(FieldError) { try fields.validate() } catch { return completion(.failure(.invalid(error))) }
        guard let store = stores[region] else { return completion(.failure(.regionNotServed)) }
        let now = configuration.clock()
        do {
            // Most calls find an existing profile: look in every served region (the asked one first) before
            // preparing a new one, which costs a key, two seals and some fifty HMACs.
            for existing in [store] + stores.values.filter({ $0.region != region }) {
                let index = try existing.blindIndex.email(fields.email, tenant: tenant)
                guard let row = try existing.storage.read({ try $0.profiles.find(emailIndex: index, tenant: tenant) }),
                      row.isLive else { continue }
                let profile = try existing.open(row, tenant: tenant).profile
                let record = AuditRecord("profile.get_or_create", tenant, context, [row.id], "existing", now)
                return existing.recordRead(record) { completion($0.map { (profile, false) }) }
            }
            // Not found: the writer checks again (another request may be creating the same e-mail) and inserts.
            let new = try NewProfile(store: store, tenant: tenant, fields: fields, now: now)
            store.write({ tables in
                if let row = try tables.profiles.find(emailIndex: new.emailIndex, tenant: tenant) {
                    let profile = try store.open(row, tenant: tenant).profile
                    try store.appendAudit(AuditRecord("profile.get_or_create", tenant, context, [row.id], "existing", now),
                                          in: tables)
                    return .success((profile: profile, created: false))
                }
                let profile = try new.insert(into: tables)
                try store.appendAudit(AuditRecord("profile.get_or_create", tenant, context, [new.id], "created", now),
                                      in: tables)
                return .success((profile: profile, created: true))
            }, completion: { (result: Result<(profile: Profile, created: Bool), ProfileError>) in
                if case .success(let answer) = result, answer.created { store.gramMerger.noteRecentRow() }
                completion(result)
            })
        } catch {
            logFailure("profile create", error)
            completion(.failure(RegionStore.profileError(for: error)))
        }
    }

    package func profile(tenant: Tenant, id: String, context: AuditContext, completion: @escaping ProfileCompletion<Profile>) {
        let completion = recordingMisses(.profileRead, tenant, context, id: id, completion)
        do throws(ProfileError) {
            let (store, recordID) = try locate(id, kind: .profile, tenant: tenant)
            let profile: Profile
            do {
                guard let row = try store.storage.read({ try $0.profiles.live(id: recordID, tenant: tenant) }) else {
                    throw ProfileError.notFound
                }
                profile = try store.open(row, tenant: tenant).profile
            } catch {
                throw failure(error, "profile read")
            }
            let record = AuditRecord("profile.read", tenant, context, [recordID], "revealed", configuration.clock())
            store.recordRead(record) { completion($0.map { profile }) }
        } catch {
            completion(.failure(error))
        }
    }

    /// Applies `patch` if the profile is still at `patch.lastUpdatedAt`; else `.staleUpdate`.
    package func updateProfile(tenant: Tenant, id: String, patch: ProfilePatch, context: AuditContext,
                              completion: @escaping ProfileCompletion<Profile>) {
        let completion = recordingMisses(.profileUpdate, tenant, context, id: id, completion)
        guard let (store, recordID) = located(id, kind: .profile, tenant: tenant, completion) else { return }
        let now = configuration.clock()
        store.write({ tables in
            let profiles = tables.profiles
            guard let row = try profiles.live(id: recordID, tenant: tenant) else { return .failure(.notFound) }
            guard row.updatedAt == patch.lastUpdatedAt else { return .failure(.staleUpdate) }
            let (current, key) = try store.open(row, tenant: tenant)
            let fields = patch.applied(to: current.fields)
            do throws(FieldError) { try fields.validate() } catch { return .failure(.invalid(error)) }
            let emailIndex = try store.blindIndex.email(fields.email, tenant: tenant)
            if let other = try profiles.find(emailIndex: emailIndex, tenant: tenant), other.number != row.number {
                return .failure(.emailTaken)
            }
            var updated = current
            updated.fields = fields
            updated.updatedAt = max(now, row.updatedAt + 1)
            let sealed = try store.profileCrypto.seal(fields, key: key, tenant: tenant, profile: row.id)
            try profiles.update(number: row.number, updatedAt: updated.updatedAt, emailIndex: emailIndex, sealed: sealed)
            try GramIndex.replace(try store.blindIndex.grams(of: current.fields, tenant: tenant),
                                  with: try store.blindIndex.grams(of: fields, tenant: tenant),
                                  profile: row.number, tenant: tenant, version: updated.updatedAt, in: tables.grams)
            try store.appendAudit(AuditRecord("profile.update", tenant, context, [row.id], "updated", now), in: tables)
            return .success(updated)
        }, completion: { (result: Result<Profile, ProfileError>) in
            if case .success = result { store.gramMerger.noteRecentRow() }
            completion(result)
        })
    }

    /// Destroys the profile's key, sealed fields, addresses and index entries in one commit; a tombstone
    /// remains so a second request is told apart (`.deletionAlreadyRequested`) until the sweeper removes it.
    package func requestProfileDeletion(tenant: Tenant, id: String, context: AuditContext,
                                       completion: @escaping ProfileCompletion<Void>) {
        let completion = recordingMisses(.profileDelete, tenant, context, id: id, completion)
        guard let (store, recordID) = located(id, kind: .profile, tenant: tenant, completion) else { return }
        let now = configuration.clock()
        let ledger = self.ledger
        store.erase({ tables in
            guard let row = try tables.profiles.find(id: recordID), row.tenant == tenant.name else {
                return .failure(.notFound)
            }
            guard row.deletedAt == nil else { return .failure(.deletionAlreadyRequested) }
            // On the ledger before the commit: a restored backup must forget this profile too.
            try ledger.record(.profile, region: store.region, keyring: store.keyring, tenant: tenant, record: row.id.string, at: now)
            try store.destroyProfile(row, tenant: tenant, at: now, in: tables)
            try store.appendAudit(AuditRecord("profile.delete", tenant, context, [row.id], "key destroyed", now), in: tables)
            return .success(())
        }, completion: completion)
    }

    /// `locate`, or nil after answering `completion` with why not.
    func located<T>(_ id: String, kind: RecordKind, tenant: Tenant,
                    _ completion: ProfileCompletion<T>) -> (store: RegionStore, id: ULID)? {
        answering(completion) { () throws(ProfileError) in try locate(id, kind: kind, tenant: tenant) }
    }

    /// What `body` returns, or nil after answering `completion` with the error it threw.
    func answering<T, R>(_ completion: ProfileCompletion<T>, _ body: () throws(ProfileError) -> R) -> R? {
        do throws(ProfileError) {
            return try body()
        } catch {
            completion(.failure(error))
            return nil
        }
    }

    /// The store and record id of a profile or address id of `tenant`. Ids of another kind or another
    /// tenant are `.notFound`, exactly like unknown ones.
    func locate(_ text: String, kind: RecordKind, tenant: Tenant) throws(ProfileError) -> (store: RegionStore, id: ULID) {
        // An unknown region code is as malformed as a bad character: 400, like detokenize's invalid_token_error.
        guard let token = try? Token.parse(text) else { throw .invalidID }
        guard let store = stores[token.region] else { throw .regionNotServed }
        guard let actual = try? store.identity.kind(of: token, tenant: tenant) else { throw .internalError }
        guard actual == kind else { throw .notFound }
        return (store, token.id)
    }

    /// Maps an error to what the caller sees, logging the unexpected ones (by type only: never a value).
    func failure(_ error: any Error, _ operation: String) -> ProfileError {
        let mapped = RegionStore.profileError(for: error)
        if mapped == .internalError || mapped == .unavailable { logFailure(operation, error) }
        return mapped
    }

    func logFailure(_ operation: String, _ error: any Error) {
        logger.error("profile operation failed", ["operation": .string(operation), "error_type": .errorType(error)])
    }
}
