#if PostgreSQL
import PostgresStore
import Vault

/// The tables of a PostgreSQL store and their migrations, numbered in `schema_version`; the same tables as
/// the SQLite engine's (see `RegionSchema` there for what each holds), in PostgreSQL's types: `bigint` for
/// integers and times, `bytea` for ids, keys and sealed values, and identity columns for row numbers.
/// Nodes that start together migrate one at a time (a transaction-level advisory lock), and a node refuses a
/// store migrated by a newer build rather than writing to tables it does not know.
enum PostgresSchema {
    /// Each store's `meta` says what it holds: `kind` (region or control) and, for a region, `region`.
    static let common = """
        CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE keyring_binding(purpose text PRIMARY KEY, check_value bytea NOT NULL);
        CREATE TABLE audit(
            seq bigint PRIMARY KEY, at bigint NOT NULL, request_id text NOT NULL, tenant text NOT NULL,
            key_id text NOT NULL, operation text NOT NULL, record_ids bytea, record_text text, outcome text NOT NULL,
            mac bytea NOT NULL);
        CREATE TABLE audit_head(id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, mac bytea NOT NULL, anchor text NOT NULL);
        """

    static let region: [String] = [
        common + """
        CREATE TABLE data_keys(
            tenant text NOT NULL, id bigint NOT NULL, wrapped bytea NOT NULL, created_at bigint NOT NULL, PRIMARY KEY(tenant, id));
        CREATE TABLE tokens(id bytea PRIMARY KEY, tenant text NOT NULL, sealed bytea NOT NULL);
        CREATE TABLE profiles(
            number bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id bytea NOT NULL UNIQUE, tenant text NOT NULL,
            display_id text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL, deleted_at bigint,
            email_index bytea, wrapped_key bytea, sealed bytea);
        CREATE UNIQUE INDEX profiles_display_id ON profiles(tenant, display_id);
        CREATE UNIQUE INDEX profiles_email ON profiles(tenant, email_index) WHERE email_index IS NOT NULL;
        CREATE INDEX profiles_created ON profiles(tenant, created_at) WHERE deleted_at IS NULL;
        CREATE INDEX profiles_updated ON profiles(tenant, updated_at) WHERE deleted_at IS NULL;
        CREATE INDEX profiles_deleted ON profiles(deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE TABLE addresses(
            id bytea PRIMARY KEY, profile bigint NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL,
            fingerprint bytea NOT NULL, sealed bytea NOT NULL);
        CREATE INDEX addresses_by_profile ON addresses(profile, created_at);
        CREATE UNIQUE INDEX addresses_fingerprint ON addresses(profile, fingerprint);
        CREATE TABLE profile_grams(tenant text NOT NULL, gram bigint NOT NULL, profile bigint NOT NULL, PRIMARY KEY(tenant, gram, profile));
        CREATE TABLE profile_grams_recent(profile bigint PRIMARY KEY, tenant text NOT NULL, version bigint NOT NULL, grams bytea NOT NULL);
        CREATE TABLE data_blobs(
            number bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, lookup bytea NOT NULL UNIQUE, tenant text NOT NULL,
            created_at bigint NOT NULL, expires_at bigint, sealed bytea NOT NULL);
        CREATE INDEX data_blobs_expiry ON data_blobs(expires_at) WHERE expires_at IS NOT NULL;
        """,
    ]

    static let control: [String] = [
        common + """
        CREATE TABLE tenants(name text PRIMARY KEY, default_region text NOT NULL, created_at bigint NOT NULL);
        CREATE TABLE api_keys(
            id text PRIMARY KEY, tenant text NOT NULL REFERENCES tenants(name), name text NOT NULL, scopes text NOT NULL,
            secret_hash bytea NOT NULL, created_at bigint NOT NULL, expires_at bigint, revoked_at bigint, last_used_at bigint);
        """,
        // Whether a node of another region may reveal the tenant's data (1 or 0, a bigint as SQLite's column is,
        // so `migrate-store` copies it as it is); tenants made before it allow such reads, as they did.
        "ALTER TABLE tenants ADD COLUMN cross_region_reads bigint NOT NULL DEFAULT 1;",
        """
        CREATE TABLE tenant_settings(
            tenant text PRIMARY KEY REFERENCES tenants(name), first_and_last_name bigint NOT NULL,
            profiles_merge bigint NOT NULL, crm_enabled bigint NOT NULL, crm_url text NOT NULL, crm_token bytea,
            updated_at bigint NOT NULL);
        """,
    ]

    /// An arbitrary constant: the advisory lock every node takes to migrate a store.
    static let migrationLock: Int64 = 0x7069_6976_6D69_6772

    /// Brings the store up to date as `kind` (and `region`), refusing one that holds something else or was
    /// migrated by a newer build.
    /// `unfinishedCopy`: open a store `migrate-store` is still filling (migrate-store itself, nobody else).
    static func migrate(_ connection: PostgresConnection, kind: String, region: Region?, unfinishedCopy: Bool = false) throws {
        let migrations = region == nil ? control : Self.region
        try storeErrors {
            try connection.inTransaction {
                do {
                    try connection.migrate(migrations, lock: migrationLock)
                } catch let error as PostgresSchemaTooNew {
                    throw VaultError.store("\(error.location) has schema version \(error.version), newer than this build's "
                                           + "\(error.known): upgrade piivault on this node (nothing was changed)")
                }
                try connection.execute("INSERT INTO meta(key, value) VALUES('kind', $1) ON CONFLICT DO NOTHING", [.text(kind)])
                if let region {
                    try connection.execute("INSERT INTO meta(key, value) VALUES('region', $1) ON CONFLICT DO NOTHING", [.text(region.code)])
                    // Which database this is, for the control store to remember (see `PostgresEngine.checkIdentity`).
                    try connection.execute("INSERT INTO meta(key, value) VALUES('store_id', gen_random_uuid()::text) ON CONFLICT DO NOTHING")
                }
                try check(connection, kind: kind, region: region, unfinishedCopy: unfinishedCopy)
            }
        }
    }

    /// Refuses a store that holds another kind of data or another region's records.
    /// Refuses too a copy `migrate-store` has not finished (`meta.migrating`): served, it would lack what
    /// was not copied yet, and a later run would mix with what was written meanwhile.
    static func check(_ connection: PostgresConnection, kind: String, region: Region?, unfinishedCopy: Bool = false) throws {
        let meta = try held(connection)
        if meta["migrating"] != nil && !unfinishedCopy {
            throw VaultError.store("\(connection.location) holds a copy `piivault migrate-store` has not finished: run it again "
                                   + "until it ends with \"copied and verified\", then serve it (nothing was changed)")
        }
        guard meta["kind"] == kind else {
            throw VaultError.store("\(connection.location) holds a \(meta["kind"] ?? "unknown") store, not a \(kind) store")
        }
        if let region, meta["region"] != region.code {
            throw VaultError.store("\(connection.location) holds region \(meta["region"] ?? "?"), not \(region.code)")
        }
    }

    /// The store's `kind` and `region` as its `meta` records them.
    static func held(_ connection: PostgresConnection) throws -> [String: String] {
        let rows = try connection.execute("SELECT key, value FROM meta WHERE key IN ('kind', 'region', 'migrating')")
        var meta: [String: String] = [:]
        for row in 0..<rows.count { meta[rows.text(row, 0)] = rows.text(row, 1) }
        return meta
    }
}
#endif
