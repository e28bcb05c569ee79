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

    func truncateLog() -> Bool {
        (try? database.checkpoint(truncate: true)) != nil
    }

    func serve(name: String, logger: Logger) throws -> any RegionStorage {
        try storeErrors { try SQLiteRegionStorage(database: database, region: region, name: name, logger: logger) }
    }
}
