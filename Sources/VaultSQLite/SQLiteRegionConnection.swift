import Foundation
import Logging
import Vault
import VaultStore

/// A write connection to a region's database: the sweeper's, or the one `serve` hands to the writer.
final class SQLiteRegionConnection: RegionConnection, SQLiteConnecting {
    let database: Database
    let region: Region
    let tables: any RegionTables

    init(_ database: Database, region: Region) {
        self.database = database
        self.region = region
        tables = SQLiteRegionTables(database: database)
    }

    /// A checkpoint the server's checkpointer is running holds the checkpoint lock, and SQLite answers BUSY
    /// for it at once, without the busy handler: such an attempt is repeated until `truncateWaitMilliseconds` pass.
    func truncateLog() -> Bool {
        let deadline = WallClock.milliseconds() + Self.truncateWaitMilliseconds
        while true {
            do {
                try database.checkpoint(truncate: true)
                return true
            } catch let error as DatabaseError where error.isBusy && WallClock.milliseconds() < deadline {
                usleep(20_000)
            } catch {
                return false
            }
        }
    }

    static let truncateWaitMilliseconds: Int64 = 10_000

    func serve(name: String, logger: Logger) throws -> any RegionStorage {
        try storeErrors { try SQLiteRegionStorage(database: database, region: region, name: name, logger: logger) }
    }
}
