/// The tables of the control database and their migrations, tracked with `user_version`: tenants, API keys
/// (hashes of their secrets only) and the control audit chain. `tenants.cross_region_reads` (1 or 0, added in
/// version 3; tenants made before it allow such reads, as they did) says whether a node of another region may
/// reveal the tenant's data. `tenant_settings` (version 5): v2's `/customer/config`, the CRM token sealed under
/// the control keyring.
enum ControlSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE tenants(name TEXT PRIMARY KEY, default_region TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE api_keys(
            id TEXT PRIMARY KEY, tenant TEXT NOT NULL REFERENCES tenants(name), name TEXT NOT NULL,
            scopes TEXT NOT NULL, secret_hash BLOB NOT NULL, created_at INTEGER NOT NULL,
            expires_at INTEGER, revoked_at INTEGER, last_used_at INTEGER) WITHOUT ROWID;
        """,
        SQLiteAuditTable.schema,
        "ALTER TABLE tenants ADD COLUMN cross_region_reads INTEGER NOT NULL DEFAULT 1;",
        """
        CREATE TABLE tenant_settings(
            tenant TEXT PRIMARY KEY REFERENCES tenants(name), first_and_last_name INTEGER NOT NULL,
            profiles_merge INTEGER NOT NULL, crm_enabled INTEGER NOT NULL, crm_url TEXT NOT NULL, crm_token BLOB,
            updated_at INTEGER NOT NULL) WITHOUT ROWID;
        """,
    ]
}
