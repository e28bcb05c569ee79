import Vault
import VaultStore

/// The tables of one region's database and their migrations, tracked with `user_version`.
///
/// - `meta`: the region the file belongs to.
/// - `data_keys`: each tenant's data keys, wrapped under the region's key-encryption key.
/// - `tokens`: one row per token: the record id (first ULID, 16 bytes, time-ordered), the tenant and the
///   sealed value. The token's secret half is stored nowhere: it is part of the sealed value's associated
///   data. Nothing here opens a value without the keyring, or rebuilds a token at all.
/// - `audit`: the region's audit chain (see `SQLiteAuditTable`).
/// - `profiles`: one row per profile: a row number (what the other profile tables refer to), the record
///   id, tenant, display id and times in clear; the profile's data key wrapped by the region's
///   key-encryption key; its fields sealed under that key; the e-mail's blind index. A deletion request
///   destroys the key, the sealed fields and every index entry at once, leaving a tombstone for the sweeper.
/// - `profile_grams`, `profile_grams_recent`: the partial-match blind index in two tiers (see `GramIndex`);
///   a gram is `field << 16 | 16-bit bucket`, a profile its row number.
/// - `addresses`: each sealed under its profile's key, with a keyed fingerprint for get-or-create.
/// - `data_blobs`: stored files (see `DataBlobs`).
enum RegionSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE data_keys(
            tenant TEXT NOT NULL, id INTEGER NOT NULL, wrapped BLOB NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY(tenant, id)) WITHOUT ROWID;
        CREATE TABLE tokens(
            id BLOB PRIMARY KEY, tenant TEXT NOT NULL, sealed BLOB NOT NULL) WITHOUT ROWID;
        """,
        SQLiteAuditTable.schema,
        """
        CREATE TABLE profiles(
            number INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, tenant TEXT NOT NULL, display_id TEXT NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER,
            email_index BLOB, wrapped_key BLOB, sealed BLOB);
        CREATE UNIQUE INDEX profiles_display_id ON profiles(tenant, display_id);
        CREATE UNIQUE INDEX profiles_email ON profiles(tenant, email_index) WHERE email_index IS NOT NULL;
        CREATE INDEX profiles_created ON profiles(tenant, created_at) WHERE deleted_at IS NULL;
        CREATE INDEX profiles_updated ON profiles(tenant, updated_at) WHERE deleted_at IS NULL;
        CREATE TABLE addresses(
            id BLOB PRIMARY KEY, profile INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            fingerprint BLOB NOT NULL, sealed BLOB NOT NULL) WITHOUT ROWID;
        CREATE INDEX addresses_by_profile ON addresses(profile, created_at);
        CREATE UNIQUE INDEX addresses_fingerprint ON addresses(profile, fingerprint);
        """ + SQLiteGramRows.schema,
        SQLiteDataRows.schema,
    ]

    /// Brings `database` up to date and checks it belongs to `region` (a file copied to the wrong
    /// region's name is refused, not silently served).
    static func migrate(_ database: Database, region: Region) throws {
        try database.inTransaction {
            try database.migrate(migrations)
            try database.withStatement("INSERT OR IGNORE INTO meta(key, value) VALUES('region', ?)") {
                try $0.run([.text(region.code)])
            }
            let stored = try database.withStatement("SELECT value FROM meta WHERE key='region'") { s in
                try s.step() ? s.text(0) : ""
            }
            guard stored == region.code else {
                throw VaultError.store("\(database.path) holds region \(stored), not \(region.code)")
            }
        }
    }
}
