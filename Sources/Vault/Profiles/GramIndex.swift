/// The partial-match blind index of one region's profiles, in two tiers, so that storing a profile writes
/// a page or two rather than one page per gram.
///
/// The main tier is a posting list `(tenant, gram, profile)`. A profile's grams hash to buckets all over
/// it, so inserting them row by row would dirty one B-tree leaf per gram (some 45 pages per profile, each
/// written to the WAL, flushed and checkpointed). Instead, a new or changed profile gets one row in the
/// recent tier holding its whole gram set, appended in profile order; `GramMerger` later moves those rows
/// into the main tier in bulk and in key order, so a leaf is written once per merge, not once per profile.
/// Searches read both tiers; the recent one is small (see `VaultConfiguration.recentGramLimit`). A gram is
/// `field << 16 | 16-bit bucket`, a profile its row number.
enum GramIndex {
    /// A profile's grams (all fields) into the recent tier, replacing what it held there. `version` is the
    /// profile's `updated_at`, which tells a merge whether the row changed under it.
    static func add(_ grams: Set<Int64>, profile: Int64, tenant: Tenant, version: Int64, in rows: any GramRows) throws {
        try rows.putRecent(profile: profile, tenant: tenant, version: version, grams: encode(grams))
    }

    /// A changed profile: grams it lost leave the main tier at once; its new set waits in the recent tier.
    static func replace(_ old: Set<Int64>, with new: Set<Int64>, profile: Int64, tenant: Tenant, version: Int64,
                        in rows: any GramRows) throws {
        try removeFromMain(old.subtracting(new), profile: profile, tenant: tenant, in: rows)
        try add(new, profile: profile, tenant: tenant, version: version, in: rows)
    }

    /// Everything of a profile, from both tiers. Without its grams (fields that no longer open), the
    /// tenant's part of the main tier is scanned.
    static func remove(_ grams: Set<Int64>?, profile: Int64, tenant: Tenant, in rows: any GramRows) throws {
        if let grams {
            try removeFromMain(grams, profile: profile, tenant: tenant, in: rows)
        } else {
            try rows.deleteMain(profile: profile, tenant: tenant)
        }
        try rows.deleteRecent(profile: profile)
    }

    static func removeFromMain(_ grams: Set<Int64>, profile: Int64, tenant: Tenant, in rows: any GramRows) throws {
        guard !grams.isEmpty else { return }
        try rows.deleteMain(grams, profile: profile, tenant: tenant)
    }

    /// The profiles that hold every gram of at least one of `queries`, in either tier.
    static func candidates(_ queries: [Set<Int64>], tenant: Tenant, in rows: any GramRows) throws -> Set<Int64> {
        var out = Set<Int64>()
        for grams in queries where !grams.isEmpty { out.formUnion(try rows.mainHolders(of: grams, tenant: tenant)) }
        let sorted = queries.filter { !$0.isEmpty }.map { $0.sorted() }
        guard !sorted.isEmpty else { return out }
        try rows.recent(tenant: tenant) { profile, held in
            if sorted.contains(where: { query in query.allSatisfy { contains(held, $0) } }) { out.insert(profile) }
        }
        return out
    }

    /// Sorted 3-byte entries: field (1 byte), bucket (2 bytes).
    static func encode(_ grams: Set<Int64>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(grams.count * 3)
        for gram in grams.sorted() { out += [UInt8(truncatingIfNeeded: gram >> 16), UInt8(truncatingIfNeeded: gram >> 8), UInt8(truncatingIfNeeded: gram)] }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [Int64] {
        stride(from: 0, to: bytes.count - 2, by: 3).map { Int64(bytes[$0]) << 16 | Int64(bytes[$0 + 1]) << 8 | Int64(bytes[$0 + 2]) }
    }

    /// Binary search in encoded (sorted, 3-byte) grams, without decoding them.
    private static func contains(_ encoded: [UInt8], _ value: Int64) -> Bool {
        var low = 0, high = encoded.count / 3
        while low < high {
            let mid = (low + high) / 2
            let entry = Int64(encoded[mid * 3]) << 16 | Int64(encoded[mid * 3 + 1]) << 8 | Int64(encoded[mid * 3 + 2])
            if entry == value { return true }
            if entry < value { low = mid + 1 } else { high = mid }
        }
        return false
    }
}
