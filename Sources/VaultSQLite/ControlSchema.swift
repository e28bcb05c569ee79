/// The tables of the control database and their migrations, tracked with `user_version`: tenants, API keys
/// (hashes of their secrets only) and the control audit chain.
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
    ]
}
