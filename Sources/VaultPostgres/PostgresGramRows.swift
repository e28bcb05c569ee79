#if PostgreSQL
import PostgresStore
import Vault

/// The two tables of a region's gram index: `profile_grams` (the main tier) and `profile_grams_recent`.
struct PostgresGramRows: GramRows {
    let connection: PostgresConnection

    func putRecent(profile: Int64, tenant: Tenant, version: Int64, grams: [UInt8]) throws {
        try connection.query("""
            INSERT INTO profile_grams_recent(profile, tenant, version, grams) VALUES($1, $2, $3, $4)
            ON CONFLICT (profile) DO UPDATE SET tenant = excluded.tenant, version = excluded.version, grams = excluded.grams
            """, [.integer(profile), .text(tenant.name), .integer(version), .bytes(grams)])
    }

    func recentGrams(profile: Int64) throws -> [UInt8]? {
        let rows = try connection.query("SELECT grams FROM profile_grams_recent WHERE profile = $1", [.integer(profile)])
        return rows.count > 0 ? rows.bytes(0, 0) : nil
    }

    func deleteRecent(profile: Int64) throws {
        try connection.query("DELETE FROM profile_grams_recent WHERE profile = $1", [.integer(profile)])
    }

    func deleteRecent(profile: Int64, version: Int64) throws -> Bool {
        try connection.query("DELETE FROM profile_grams_recent WHERE profile = $1 AND version = $2",
                             [.integer(profile), .integer(version)]).affected > 0
    }

    func recentCount() throws -> Int {
        try connection.count("SELECT count(*) FROM profile_grams_recent")
    }

    func recent(tenant: Tenant, _ each: (_ profile: Int64, _ grams: [UInt8]) throws -> Void) throws {
        let rows = try connection.query("SELECT profile, grams FROM profile_grams_recent WHERE tenant = $1", [.text(tenant.name)])
        for row in 0..<rows.count { try each(rows.int64(row, 0), rows.bytes(row, 1)) }
    }

    func allRecent(_ each: (_ profile: Int64, _ tenant: String, _ version: Int64, _ grams: [UInt8]) throws -> Void) throws {
        let rows = try connection.query("SELECT profile, tenant, version, grams FROM profile_grams_recent")
        for row in 0..<rows.count { try each(rows.int64(row, 0), rows.text(row, 1), rows.int64(row, 2), rows.bytes(row, 3)) }
    }

    /// One statement for every posting: arrays travel as one parameter each, so a profile's fifty grams
    /// cost one round trip, not fifty.
    func insertMain(_ postings: ArraySlice<GramPosting>) throws {
        guard !postings.isEmpty else { return }
        try connection.query("""
            INSERT INTO profile_grams(tenant, gram, profile)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING
            """, [PostgresArray.text(postings.map(\.tenant)), PostgresArray.bigint(postings.map(\.gram)),
                  PostgresArray.bigint(postings.map(\.profile))])
    }

    func deleteMain(_ grams: Set<Int64>, profile: Int64, tenant: Tenant) throws {
        guard !grams.isEmpty else { return }
        try connection.query("DELETE FROM profile_grams WHERE tenant = $1 AND profile = $2 AND gram = ANY($3::bigint[])",
                             [.text(tenant.name), .integer(profile), PostgresArray.bigint(Array(grams))])
    }

    func deleteMain(profile: Int64, tenant: Tenant) throws {
        try connection.query("DELETE FROM profile_grams WHERE tenant = $1 AND profile = $2", [.text(tenant.name), .integer(profile)])
    }

    /// Posting lists intersected, one gram at a time; stops early once empty.
    func mainHolders(of grams: Set<Int64>, tenant: Tenant) throws -> Set<Int64> {
        var result: Set<Int64>?
        for gram in grams {
            let rows = try connection.query("SELECT profile FROM profile_grams WHERE tenant = $1 AND gram = $2",
                                            [.text(tenant.name), .integer(gram)])
            var list = Set<Int64>()
            for row in 0..<rows.count {
                let number = rows.int64(row, 0)
                if result?.contains(number) ?? true { list.insert(number) }
            }
            result = list
            if list.isEmpty { break }
        }
        return result ?? []
    }
}
#endif
