import Vault
import VaultStore

/// A connection as the domain sees it (see `StoreConnection`): one SQLite `Database` and the tables view over
/// it. Confined to one thread at a time, like the database.
protocol SQLiteConnecting: StoreConnection {
    var database: Database { get }
}

extension SQLiteConnecting {
    var location: String { database.path }

    func transaction<T>(_ body: (Tables) throws -> T) throws -> T {
        try storeErrors { try database.inTransaction { try body(tables) } }
    }

    func snapshot<T>(_ body: (Tables) throws -> T) throws -> T {
        try storeErrors { try database.inTransaction(.deferred) { try body(tables) } }
    }
}

/// The control store's connection, or a read-only one to any store's audit chain.
final class SQLiteConnection<Tables>: SQLiteConnecting {
    let database: Database
    let tables: Tables

    init(_ database: Database, tables: (Database) -> Tables) {
        self.database = database
        self.tables = tables(database)
    }
}
