/// What a profile's deletion changes, written once: the deletion request and `restore`'s re-application
/// of a ledger (`Vault.reapply`) run this same code, so a restored vault forgets exactly what the live one did.
extension RegionStore {
    /// Destroys the profile's key, sealed fields, e-mail index, grams and addresses, leaving a tombstone
    /// deleted `now`, inside the caller's transaction.
    func destroyProfile(_ row: ProfileRow, tenant: Tenant, at now: Int64, in tables: any RegionTables) throws {
        let fields = row.isLive ? try? openFields(row, tenant: tenant).fields : nil
        try GramIndex.remove(try fields.map { try blindIndex.grams(of: $0, tenant: tenant) }, profile: row.number,
                             tenant: tenant, in: tables.grams)
        try tables.addresses.deleteAll(profile: row.number)
        try tables.profiles.markDeleted(number: row.number, at: now)
    }
}
