/// What a profile's deletion changes, written once: the deletion request and `restore`'s re-application
/// of a ledger (`Vault.reapply`) run this same code, so a restored vault forgets exactly what the live one did.
extension RegionStore {
    /// Destroys the profile's key, sealed fields, e-mail index, grams and addresses, leaving a tombstone
    /// deleted `now`, inside the caller's transaction.
    func destroyProfile(_ row: ProfileRow, tenant: Tenant, at now: Int64, in tables: any RegionTables) throws {
        let fields = row.isLive ? try? openFields(row, tenant: tenant).fields : nil
        try Self.destroyProfile(number: row.number, tenant: tenant, grams: try fields.map { try blindIndex.grams(of: $0, tenant: tenant) },
                                at: now, in: tables)
    }

    /// The same with the grams to remove given (nil: every one of the profile's, found by scanning the index,
    /// for a profile whose fields cannot be opened): also what `RetiredKeyErasure` runs.
    static func destroyProfile(number: Int64, tenant: Tenant, grams: Set<Int64>?, at now: Int64,
                               in tables: any RegionTables) throws {
        try GramIndex.remove(grams, profile: number, tenant: tenant, in: tables.grams)
        try tables.addresses.deleteAll(profile: number)
        try tables.profiles.markDeleted(number: number, at: now)
    }
}
