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

    /// The sweeper's last step. SQLite answers BUSY at once, without the busy handler, while the server's
    /// checkpointer holds the checkpoint lock; and a TRUNCATE waiting on a reader's snapshot waits holding the
    /// write lock, so the server's writes wait with it. Hence short attempts (`attemptBusyMilliseconds` of
    /// waiting each), repeated until `truncateWaitMilliseconds` have passed.
    func truncateLog() -> Bool {
        database.setBusyTimeout(milliseconds: Self.attemptBusyMilliseconds)
        defer { database.setBusyTimeout(milliseconds: Database.Options().busyTimeoutMilliseconds) }
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

    func lockForSweep() -> Bool { true }

    static let attemptBusyMilliseconds: Int32 = 50
    static let truncateWaitMilliseconds: Int64 = 10_000

    func serve(name: String, logger: Logger) throws -> any RegionStorage {
        try storeErrors { try SQLiteRegionStorage(database: database, region: region, name: name, logger: logger) }
    }
}
