/// A region's profiles (see `ProfileRow`): found by id, row number, e-mail blind index or display id.
package protocol ProfileRows {
    func find(id: ULID) throws -> ProfileRow?
    func find(number: Int64) throws -> ProfileRow?
    func find(emailIndex: [UInt8], tenant: Tenant) throws -> ProfileRow?
    /// The live profiles of `tenant` with any of these e-mail indexes, in one query (v2's bulk lookup).
    func ids(emailIndexes: [[UInt8]], tenant: Tenant) throws -> [(emailIndex: [UInt8], id: ULID)]
    func find(displayID: String, tenant: Tenant) throws -> ProfileRow?

    /// Inserts a new live profile created (and last updated) `now`; returns its row number.
    func insert(id: ULID, tenant: Tenant, displayID: String, now: Int64, emailIndex: [UInt8], wrappedKey: [UInt8],
                sealed: [UInt8]) throws -> Int64

    func update(number: Int64, updatedAt: Int64, emailIndex: [UInt8], sealed: [UInt8]) throws

    /// Destroys the profile's key, sealed fields and e-mail index, leaving a tombstone deleted `at`.
    func markDeleted(number: Int64, at: Int64) throws

    /// How many live (not deleted) profiles `tenant` has.
    func countLive(tenant: Tenant) throws -> Int

    /// The row number and sort value of each live profile of `tenant`, ordered by `field` (ties by row
    /// number, in the same direction); the first `limit` only when given.
    func ordered(tenant: Tenant, by field: ProfileQuery.SortField, descending: Bool, limit: Int?,
                 _ each: (_ number: Int64, _ sortValue: Int64) throws -> Void) throws
}

extension ProfileRows {
    /// The row of a live profile of `tenant`; nil for unknown, deleted and other tenants' profiles alike.
    func live(id: ULID, tenant: Tenant) throws -> ProfileRow? {
        guard let row = try find(id: id), row.tenant == tenant.name, row.isLive else { return nil }
        return row
    }
}
