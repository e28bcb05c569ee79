/// One posting of the gram index's main tier: a gram of a tenant's profile.
package typealias GramPosting = (tenant: String, gram: Int64, profile: Int64)

/// The partial-match blind index of a region's profiles, in its two tiers (see `GramIndex`, which holds the
/// index's rules and the encoding of a recent row's grams).
package protocol GramRows {
    /// A profile's whole gram set (encoded) into the recent tier, replacing the row it had there.
    func putRecent(profile: Int64, tenant: Tenant, version: Int64, grams: [UInt8]) throws

    /// The encoded grams of a profile's recent row, nil when it has none.
    func recentGrams(profile: Int64) throws -> [UInt8]?

    func deleteRecent(profile: Int64) throws

    /// Removes a profile's recent row if it is still at `version`; returns whether it was.
    func deleteRecent(profile: Int64, version: Int64) throws -> Bool

    func recentCount() throws -> Int

    /// The recent rows of `tenant`: each profile and its encoded grams.
    func recent(tenant: Tenant, _ each: (_ profile: Int64, _ grams: [UInt8]) throws -> Void) throws

    /// Every recent row (a merge reads them all).
    func allRecent(_ each: (_ profile: Int64, _ tenant: String, _ version: Int64, _ grams: [UInt8]) throws -> Void) throws

    /// Postings into the main tier; those already there are skipped.
    func insertMain(_ postings: ArraySlice<GramPosting>) throws

    /// These grams of a profile, out of the main tier.
    func deleteMain(_ grams: Set<Int64>, profile: Int64, tenant: Tenant) throws

    /// Every gram of a profile, out of the main tier (a scan of the tenant's part).
    func deleteMain(profile: Int64, tenant: Tenant) throws

    /// The profiles whose main-tier postings hold every one of `grams`; stops looking once none does.
    func mainHolders(of grams: Set<Int64>, tenant: Tenant) throws -> Set<Int64>
}
