/// What a sweep removes from a region's store (see `Sweeper`).
package enum Expired: Sendable {
    /// Tokens whose record id (time-ordered) is below this one: issued before its time.
    case tokens(issuedBefore: ULID)
    /// Data entries whose time to live has run out at this time.
    case dataEntries(now: Int64)
    /// Tombstones of profiles whose deletion was requested by this time.
    case deletedProfiles(now: Int64)
}

package protocol ExpiredRows {
    func count(_ rows: Expired) throws -> Int

    /// Removes at most `limit` of them; returns how many it removed.
    func delete(_ rows: Expired, limit: Int) throws -> Int
}
