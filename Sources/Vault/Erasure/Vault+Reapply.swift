import Dispatch
import Locking

/// `restore` re-applies the deletions a ledger recorded after the backup was taken, so restoring last week's
/// copy does not bring back a profile deleted yesterday. Each goes through the code the API's deletion runs
/// (`destroyProfile`, the address and data rows' own deletes, the erasure truncation after the commit) and
/// is audited in the restored region's chain as a `restore` operation.
extension Vault {
    package enum Reapplied: Sendable, Equatable {
        /// The record was there and is now deleted.
        case deleted
        /// Nothing to do: the copy never held it, or already had it deleted.
        case alreadyGone
    }

    /// Whether `entry` verifies under its region's keyring; nil when this vault does not hold the region.
    package func verifies(_ entry: DeletionLedgerEntry) throws -> Bool? {
        guard let store = stores[entry.region] else { return nil }
        return try entry.isAuthentic(under: DeletionLedgerEntry.key(for: store.keyring)) && Tenant(entry.tenant) != nil
    }

    /// Re-applies one deletion and waits until its commit (and audit record) is durable. The line must
    /// verify under the region's keyring: a forged line deletes nothing. Idempotent.
    package func reapply(_ entry: DeletionLedgerEntry, requestID: String) throws -> Reapplied {
        guard let store = stores[entry.region] else {
            throw VaultError.configuration("the \(entry.region.code) store is not part of this vault")
        }
        guard try entry.isAuthentic(under: DeletionLedgerEntry.key(for: store.keyring)), let tenant = Tenant(entry.tenant) else {
            throw VaultError.integrity("a deletion ledger line does not verify under the \(entry.region.code) keyring")
        }
        let now = configuration.clock()
        let answer = Locked<Result<Reapplied, ProfileError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        store.erase({ tables in
            let (outcome, records) = try Self.reapply(entry, tenant: tenant, store: store, now: now, in: tables)
            let text = outcome == .deleted ? "\(entry.kind.rawValue) deletion re-applied" : "\(entry.kind.rawValue) already gone"
            try store.appendAudit(AuditRecord(at: now, requestID: requestID, tenant: tenant.name, keyID: "restore",
                                              operation: "restore", records: records, outcome: text), in: tables)
            return .success(outcome)
        }, completion: { result in
            answer.withLock { $0 = result }
            done.signal()
        })
        done.wait()
        switch answer.withLock({ $0 }) {
        case .success(let outcome): return outcome
        case .failure(let error): throw VaultError.store("re-applying a \(entry.kind.rawValue) deletion in \(entry.region.code) failed: \(error)")
        case nil: throw VaultError.store("re-applying a deletion in \(entry.region.code) did not finish")
        }
    }

    /// Inside the writer's transaction: the deletion itself, and the record names to audit (record ids, or a
    /// data entry's lookup prefix, as the API's own records name them).
    private static func reapply(_ entry: DeletionLedgerEntry, tenant: Tenant, store: RegionStore, now: Int64,
                                in tables: any RegionTables) throws -> (Reapplied, [String]) {
        switch entry.kind {
        case .profile:
            guard let id = entry.recordIDs?.profile else { throw StoredRecordError.malformed }
            guard let row = try tables.profiles.find(id: id), row.tenant == tenant.name, row.deletedAt == nil else {
                return (.alreadyGone, [id.string])
            }
            try store.destroyProfile(row, tenant: tenant, at: now, in: tables)
            return (.deleted, [id.string])
        case .address:
            guard let ids = entry.recordIDs, let address = ids.address else { throw StoredRecordError.malformed }
            guard try liveAddress(ids.profile, address, tenant, tables) != nil else { return (.alreadyGone, [address.string]) }
            try tables.addresses.delete(id: address)
            return (.deleted, [address.string])
        case .data:
            guard let lookup = entry.lookup else { throw StoredRecordError.malformed }
            // Expired or not: a deleted entry must not come back until the sweeper would have taken it.
            guard let header = try tables.data.header(lookup: lookup), header.tenant == tenant.name else {
                return (.alreadyGone, [auditName(lookup)])
            }
            try tables.data.delete(lookup: lookup)
            return (.deleted, [auditName(lookup)])
        }
    }
}
