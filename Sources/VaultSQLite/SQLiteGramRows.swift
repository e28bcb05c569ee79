import Vault
import VaultStore

/// The two tables of a region's gram index: `profile_grams` (the main tier) and `profile_grams_recent`.
struct SQLiteGramRows: GramRows {
    static let schema = """
        CREATE TABLE profile_grams(
            tenant TEXT NOT NULL, gram INTEGER NOT NULL, profile INTEGER NOT NULL,
            PRIMARY KEY(tenant, gram, profile)) WITHOUT ROWID;
        CREATE TABLE profile_grams_recent(
            profile INTEGER PRIMARY KEY, tenant TEXT NOT NULL, version INTEGER NOT NULL, grams BLOB NOT NULL);
        """

    let database: Database

    func putRecent(profile: Int64, tenant: Tenant, version: Int64, grams: [UInt8]) throws {
        try database.growCache()
        try database.query("INSERT OR REPLACE INTO profile_grams_recent(profile, tenant, version, grams) VALUES(?, ?, ?, ?)") {
            try $0.run([.integer(profile), .text(tenant.name), .integer(version), .blob(grams)])
        }
    }

    func recentGrams(profile: Int64) throws -> [UInt8]? {
        try database.query("SELECT grams FROM profile_grams_recent WHERE profile = ?") { s in
            try s.bind([.integer(profile)])
            return try s.step() ? s.blob(0) : nil
        }
    }

    func deleteRecent(profile: Int64) throws {
        try database.query("DELETE FROM profile_grams_recent WHERE profile = ?") { try $0.run([.integer(profile)]) }
    }

    func deleteRecent(profile: Int64, version: Int64) throws -> Bool {
        try database.query("DELETE FROM profile_grams_recent WHERE profile = ? AND version = ?") {
            try $0.run([.integer(profile), .integer(version)])
        }
        return database.changes > 0
    }

    func recentCount() throws -> Int {
        try database.count("SELECT count(*) FROM profile_grams_recent")
    }

    func recent(tenant: Tenant, _ each: (_ profile: Int64, _ grams: [UInt8]) throws -> Void) throws {
        try database.query("SELECT profile, grams FROM profile_grams_recent WHERE tenant = ?") { s in
            try s.bind([.text(tenant.name)])
            while try s.step() { try each(s.int64(0), s.blob(1)) }
        }
    }

    func allRecent(_ each: (_ profile: Int64, _ tenant: String, _ version: Int64, _ grams: [UInt8]) throws -> Void) throws {
        try database.query("SELECT profile, tenant, version, grams FROM profile_grams_recent") { s in
            while try s.step() { try each(s.int64(0), s.text(1), s.int64(2), s.blob(3)) }
        }
    }

    func insertMain(_ postings: ArraySlice<GramPosting>) throws {
        try database.query("INSERT OR IGNORE INTO profile_grams(tenant, gram, profile) VALUES(?, ?, ?)") { s in
            for posting in postings {
                try s.run([.text(posting.tenant), .integer(posting.gram), .integer(posting.profile)])
            }
        }
    }

    func deleteMain(_ grams: Set<Int64>, profile: Int64, tenant: Tenant) throws {
        try database.query("DELETE FROM profile_grams WHERE tenant = ? AND gram = ? AND profile = ?") { s in
            for gram in grams { try s.run([.text(tenant.name), .integer(gram), .integer(profile)]) }
        }
    }

    func deleteMain(profile: Int64, tenant: Tenant) throws {
        try database.query("DELETE FROM profile_grams WHERE tenant = ? AND profile = ?") {
            try $0.run([.text(tenant.name), .integer(profile)])
        }
    }

    /// Posting lists intersected, one gram at a time; stops early once empty.
    func mainHolders(of grams: Set<Int64>, tenant: Tenant) throws -> Set<Int64> {
        var result: Set<Int64>?
        try database.query("SELECT profile FROM profile_grams WHERE tenant = ? AND gram = ?") { s in
            for gram in grams {
                try s.bind([.text(tenant.name), .integer(gram)])
                var list = Set<Int64>()
                while try s.step() {
                    let number = s.int64(0)
                    if result?.contains(number) ?? true { list.insert(number) }
                }
                s.reset()
                result = list
                if list.isEmpty { break }
            }
        }
        return result ?? []
    }
}
