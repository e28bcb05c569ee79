import Vault
import VaultSQLite

/// The storage engine every command opens a data directory's stores with: SQLite files (see `SQLiteEngine`).
/// The vault's domain knows only the protocols; this is the one place an engine is chosen.
enum StoreWiring {
    static let engine: any StoreEngine = SQLiteEngine()
}
