import Vault
import VaultSQLite
#if PostgreSQL
import VaultPostgres
#endif

/// The storage engine every command opens a data directory's stores with: SQLite files (see `SQLiteEngine`),
/// and, for the stores `--store` and `--control-store` name, PostgreSQL databases (see `PostgresEngine`).
/// The vault's domain knows only the protocols; this is the one place an engine is chosen.
enum StoreWiring {
    static let engine: any StoreEngine = SQLiteEngine()

    /// Whether this build has the PostgreSQL engine (`--traits PostgreSQL`).
    static var hasPostgreSQL: Bool {
        #if PostgreSQL
        true
        #else
        false
        #endif
    }

    static func engine(_ stores: StoreOptions) throws -> any StoreEngine {
        guard !stores.isEmpty else { return engine }
        #if PostgreSQL
        var kinds: [StoreKind: String] = [:]
        for (region, conninfo) in stores.regions { kinds[.region(region)] = conninfo }
        if let control = stores.control { kinds[.control] = control }
        return try PostgresEngine(stores: kinds).routed(over: engine)
        #else
        throw VaultError.store("--store and --control-store need the PostgreSQL engine, which this piivault was built without: "
                               + "build it with `swift build -c release --traits PostgreSQL --product piivault` (needs libpq-dev)")
        #endif
    }
}
