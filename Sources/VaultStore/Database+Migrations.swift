extension Database {
    /// Runs the `migrations` this file has not seen yet, tracking progress in `user_version`; call it inside
    /// a transaction so a half-applied step never sticks. A file from a newer build (more steps than we know)
    /// is refused rather than used.
    package func migrate(_ migrations: [String]) throws {
        let version = Int(try scalarInt("PRAGMA user_version"))
        guard version <= migrations.count else {
            throw DatabaseError(code: DatabaseError.genericError, message: "migrate: \(path) was written by a newer piivault (schema \(version))")
        }
        for (index, sql) in migrations.enumerated().dropFirst(version) {
            try execute(sql)
            try execute("PRAGMA user_version=\(index + 1)")
        }
    }
}
