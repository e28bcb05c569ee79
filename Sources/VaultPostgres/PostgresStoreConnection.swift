#if PostgreSQL
import Logging
import PostgresStore
import Vault

/// A connection as the domain sees it (see `StoreConnection`): one PostgreSQL connection and the tables
/// view over it, built for writes inside `transaction` (audit head locked) and for reads elsewhere.
final class PostgresStoreConnection<Tables>: StoreConnection {
    let connection: PostgresConnection
    private let view: (PostgresConnection, _ writing: Bool) -> Tables

    init(_ connection: PostgresConnection, view: @escaping (PostgresConnection, _ writing: Bool) -> Tables) {
        self.connection = connection
        self.view = view
    }

    var location: String { connection.location }
    var tables: Tables { view(connection, false) }

    func transaction<T>(_ body: (Tables) throws -> T) throws -> T {
        try storeErrors { try connection.inTransaction { try body(view(connection, true)) } }
    }

    func snapshot<T>(_ body: (Tables) throws -> T) throws -> T {
        try storeErrors { try connection.inTransaction(.snapshot) { try body(view(connection, false)) } }
    }
}

/// A write connection to a region's database: the sweeper's, or the first one of a served region.
final class PostgresRegionConnection: RegionConnection {
    private let base: PostgresStoreConnection<any RegionTables>
    let conninfo: String
    let region: Region

    init(_ connection: PostgresConnection, conninfo: String, region: Region) {
        base = PostgresStoreConnection(connection) { PostgresRegionTables(connection: $0, writing: $1) as any RegionTables }
        self.conninfo = conninfo
        self.region = region
    }

    var location: String { base.location }
    var tables: any RegionTables { base.tables }
    func transaction<T>(_ body: (any RegionTables) throws -> T) throws -> T { try base.transaction(body) }
    func snapshot<T>(_ body: (any RegionTables) throws -> T) throws -> T { try base.snapshot(body) }

    /// PostgreSQL has no log to empty from here: its WAL is recycled by checkpoints, and old row images stay
    /// until VACUUM (see docs/scaling.md on erasure).
    func truncateLog() -> Bool { true }

    func serve(name: String, logger: Logger) throws -> any RegionStorage {
        PostgresRegionStorage(writer: base.connection, conninfo: conninfo, region: region, name: name)
    }
}
#endif
