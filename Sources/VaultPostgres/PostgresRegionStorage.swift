#if PostgreSQL
import PostgresStore
import Vault

/// A served region's database on this node: one writer connection that runs queued work in group commits,
/// and a pool of readers. Either follows a failover by reconnecting (the connection string's hosts, with
/// `target_session_attrs=read-write`, find the new primary).
final class PostgresRegionStorage: RegionStorage {
    let writer: PostgresGroupCommit
    let readers: PostgresPool
    let location: String
    /// The writer's: read by its thread alone.
    private let heads = AuditHeadCache()

    init(writer connection: PostgresConnection, conninfo: String, region: Region, name: String) {
        location = connection.location
        let open: @Sendable () throws -> PostgresConnection = {
            let connection = try PostgresConnection(conninfo: conninfo)
            // A node that reconnects after a failover checks it reached the same store.
            try PostgresSchema.check(connection, kind: "region", region: region)
            return connection
        }
        writer = PostgresGroupCommit(connection: connection, name: name, open: open, postgresError: StoreError.postgresError(in:))
        readers = PostgresPool(open: open)
    }

    func write(_ work: @escaping @Sendable (any RegionTables) throws -> Void,
               completion: @escaping @Sendable (Result<Void, any Error>) -> Void) -> Bool {
        let heads = heads
        return writer.submit({ connection in try work(PostgresRegionTables(connection: connection, writing: true, heads: heads)) },
                      completion: { result in completion(result.mapError(StoreError.mapping)) })
    }

    func read<T>(_ body: (any RegionTables) throws -> T) throws -> T {
        try storeErrors { try readers.withConnection { try body(PostgresRegionTables(connection: $0, writing: false)) } }
    }

    func snapshot<T>(_ body: (any RegionTables) throws -> T) throws -> T {
        try storeErrors {
            try readers.withConnection { connection in
                try connection.inTransaction(.snapshot) { try body(PostgresRegionTables(connection: connection, writing: false)) }
            }
        }
    }

    func requestErasure() {}

    func isHealthy() -> Bool {
        // A health check answers within 2 s: a load balancer must see a store that stopped answering.
        let answer: Int64? = try? readers.withConnection { (connection: PostgresConnection) throws -> Int64 in
            connection.answerTimeoutMilliseconds = 2_000
            defer { connection.answerTimeoutMilliseconds = 10_000 }
            return try connection.execute("SELECT 1::bigint").int64(0, 0)
        }
        return answer == 1
    }

    func close() {
        writer.close()
        readers.drain()
    }
}
#endif
