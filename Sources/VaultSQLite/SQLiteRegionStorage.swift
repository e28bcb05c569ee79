import Logging
import Vault
import VaultStore

/// A served region's database: the one writer (group commit, with its checkpointer) and a pool of readers,
/// which WAL lets read while the writer commits.
final class SQLiteRegionStorage: RegionStorage {
    let writer: GroupCommitWriter
    let readers: ConnectionPool
    let location: String

    /// Takes `database` for the writer.
    init(database: Database, region: Region, name: String, logger: Logger) throws {
        location = database.path
        writer = try GroupCommitWriter(database: database, name: name,
                                       onErasure: { Self.log($0, region: region, logger: logger) },
                                       databaseError: StoreError.databaseError(in:))
        let path = location
        readers = ConnectionPool { try Database(path: path, mode: .readOnly) }
    }

    func write(_ work: @escaping @Sendable (any RegionTables) throws -> Void,
               completion: @escaping @Sendable (Result<Void, any Error>) -> Void) -> Bool {
        writer.submit({ database in try work(SQLiteRegionTables(database: database)) },
                      completion: { result in completion(result.mapError(StoreError.mapping)) })
    }

    func read<T>(_ body: (any RegionTables) throws -> T) throws -> T {
        try storeErrors { try readers.withConnection { try body(SQLiteRegionTables(database: $0)) } }
    }

    func snapshot<T>(_ body: (any RegionTables) throws -> T) throws -> T {
        try storeErrors {
            try readers.withConnection { database in
                try database.inTransaction(.deferred) { try body(SQLiteRegionTables(database: database)) }
            }
        }
    }

    func requestErasure() {
        writer.requestErasure()
    }

    func isHealthy() -> Bool {
        (try? readers.withConnection { try $0.scalarInt("SELECT 1") }) == 1
    }

    func close() {
        writer.close()
        readers.drain()
    }

    /// Truncations for deletions, for operators: debug when done, a warning when past the 5 s promise.
    private static func log(_ checkpoint: ErasureCheckpoint, region: Region, logger: Logger) {
        let fields: KeyValuePairs<String, Logger.Value> = ["region": .string(region.code), "deletions": .int(checkpoint.requests),
                                                           "attempts": .int(checkpoint.attempts), "ms": .int(checkpoint.milliseconds)]
        switch checkpoint.outcome {
        case .truncated: logger.log(.debug, "erasure checkpoint", fields)
        case .overdue: logger.log(.warning, "erasure checkpoint overdue: readers keep the WAL busy", fields)
        }
    }
}
