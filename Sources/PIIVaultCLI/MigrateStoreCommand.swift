import Vault

/// `piivault migrate-store`: see `StoreMigration` (built with the PostgreSQL trait only).
enum MigrateStoreCommand {
    /// Prints each table as it is done; returns the final check's lines and whether everything matched.
    static func run(_ options: MigrateStoreOptions, progress: (String) -> Void) throws -> (lines: [String], matched: Bool) {
        #if PostgreSQL
        let migration = StoreMigration(from: options.from, to: options.to, keysDirectory: options.keysDirectory)
        var (lines, matched) = try migration.run(report: progress)
        lines.append(matched ? "copied and verified: serve it with " + (try migration.storeOptions())
                             : "the copy differs from the source (above): run migrate-store again once the source is quiet")
        return (lines, matched)
        #else
        throw VaultError.store("migrate-store needs the PostgreSQL engine, which this piivault was built without: build it with "
                               + "`swift build -c release --traits PostgreSQL --product piivault` (needs libpq-dev)")
        #endif
    }
}
