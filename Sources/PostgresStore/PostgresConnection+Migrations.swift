#if PostgreSQL
/// A database migrated by a newer build than this one (more steps than it knows): never written to.
package struct PostgresSchemaTooNew: Error, Sendable {
    package let location: String
    package let version: Int
    package let known: Int
}

extension PostgresConnection {
    /// Runs the `migrations` this database has not seen yet, numbering them in `schema_version`, inside the
    /// caller's transaction (a half-applied step never sticks) and under the transaction-level advisory lock
    /// `lock`, so nodes that start together migrate one at a time. Throws `PostgresSchemaTooNew` for a
    /// database a newer build migrated, changing nothing.
    package func migrate(_ migrations: [String], lock: Int64) throws {
        try execute("SELECT pg_advisory_xact_lock($1)", [.integer(lock)])
        try run("CREATE TABLE IF NOT EXISTS schema_version(version integer NOT NULL)")
        let current = Int(try execute("SELECT max(version)::bigint FROM schema_version").optionalInt64(0, 0) ?? 0)
        guard current <= migrations.count else {
            throw PostgresSchemaTooNew(location: location, version: current, known: migrations.count)
        }
        for (index, migration) in migrations.enumerated().dropFirst(current) {
            try run(migration)
            try execute("INSERT INTO schema_version(version) VALUES($1)", [.integer(Int64(index + 1))])
        }
    }
}
#endif
