#if PostgreSQL
import Logging
import PostgresStore
import Vault

/// A connection as the domain sees it (see `StoreConnection`): one PostgreSQL connection and the tables
/// view over it, built for writes inside `transaction` (audit head locked) and for reads elsewhere. A
/// connection that broke (a restart, a failover) is replaced before the next use: the control store's one
/// connection lives as long as the server.
final class PostgresStoreConnection<Tables>: StoreConnection {
    private(set) var connection: PostgresConnection
    private let reopen: () throws -> PostgresConnection
    private let view: (PostgresConnection, _ writing: Bool) -> Tables

    init(_ connection: PostgresConnection, reopen: @escaping () throws -> PostgresConnection,
         view: @escaping (PostgresConnection, _ writing: Bool) -> Tables) {
        self.connection = connection
        self.reopen = reopen
        self.view = view
    }

    var location: String { connection.location }

    /// Statements run on their own; on a broken connection they fail (transient) until the next
    /// `transaction` or `snapshot` reconnects.
    var tables: Tables { view((try? live()) ?? connection, false) }

    func transaction<T>(_ body: (Tables) throws -> T) throws -> T {
        try storeErrors {
            let connection = try live()
            return try connection.inTransaction { try body(view(connection, true)) }
        }
    }

    func snapshot<T>(_ body: (Tables) throws -> T) throws -> T {
        try storeErrors {
            let connection = try live()
            return try connection.inTransaction(.snapshot) { try body(view(connection, false)) }
        }
    }

    func answers(within milliseconds: Int64) -> Bool {
        guard let connection = try? live() else { return false }
        let usual = connection.answerTimeoutMilliseconds
        connection.answerTimeoutMilliseconds = milliseconds
        defer { connection.answerTimeoutMilliseconds = usual }
        return (try? connection.execute("SELECT 1::bigint").int64(0, 0)) == 1
    }

    private func live() throws -> PostgresConnection {
        if !connection.isUsable { connection = try reopen() }
        return connection
    }
}

/// A write connection to a region's database: the sweeper's, or the first one of a served region.
final class PostgresRegionConnection: RegionConnection {
    private let base: PostgresStoreConnection<any RegionTables>
    let conninfo: String
    let region: Region

    init(_ connection: PostgresConnection, conninfo: String, region: Region) {
        base = PostgresStoreConnection(connection, reopen: { try PostgresConnection(conninfo: conninfo) }) {
            PostgresRegionTables(connection: $0, writing: $1) as any RegionTables
        }
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

    /// A session advisory lock, released when the sweeper's connection closes (or its process dies).
    func lockForSweep() throws -> Bool {
        try storeErrors {
            try base.connection.execute("SELECT pg_try_advisory_lock($1)::int::bigint", [.integer(Self.sweepLock)]).int64(0, 0) == 1
        }
    }

    /// An arbitrary constant: the advisory lock of a store's sweeps.
    static let sweepLock: Int64 = 0x7069_6976_7377_6570

    func serve(name: String, logger: Logger) throws -> any RegionStorage {
        PostgresRegionStorage(writer: base.connection, conninfo: conninfo, region: region, name: name)
    }
}
#endif
