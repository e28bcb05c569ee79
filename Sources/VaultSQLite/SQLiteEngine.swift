#if canImport(Glibc)
import Glibc
#endif
import Vault
import VaultStore

/// The SQLite engine: each store is a database file in the data directory (WAL, `synchronous=FULL`, see
/// `Database`), a region's written by one group-commit writer beside a pool of readers.
package struct SQLiteEngine: StoreEngine {
    package init() {}

    package func location(of kind: StoreKind, dataDirectory: String) -> String {
        switch kind {
        case .control: dataDirectory + "/control.sqlite"
        case .region(let region): "\(dataDirectory)/vault-\(region.code.lowercased()).sqlite"
        case .setup: dataDirectory + "/clienteling.sqlite"
        }
    }

    package func exists(_ location: String) -> Bool { access(location, F_OK) == 0 }

    package func openRegion(_ region: Region, at location: String, serving: Bool) throws -> any RegionConnection {
        try storeErrors {
            var options = Database.Options()
            // A server's writer keeps the hot pages of the indexes it updates in memory rather than reading
            // them back through the OS on every insert. Tokens and audit records are appended at the right
            // edge of their B-trees: a few MiB hold every page they touch. Profiles scatter over the gram
            // index's posting leaves: for them the cache grows to 64 MiB, once the region holds a profile
            // (the gram rows call `growCache()` when they write).
            if serving {
                options.cacheKiB = 8 * 1024
                options.grownCacheKiB = 64 * 1024
            }
            let database = try Database(path: location, options: options)
            try RegionSchema.migrate(database, region: region)
            if try database.scalarInt("SELECT EXISTS(SELECT 1 FROM profiles)") == 1 { try database.growCache() }
            return SQLiteRegionConnection(database, region: region)
        }
    }

    package func openControl(at location: String) throws -> any ControlConnection {
        try storeErrors {
            let database = try Database(path: location)
            try database.inTransaction { try database.migrate(ControlSchema.migrations) }
            return SQLiteConnection(database) { SQLiteControlTables(database: $0) as any ControlTables }
        }
    }

    package func openChain(at location: String) throws -> any ChainConnection {
        try storeErrors {
            SQLiteConnection(try Database(path: location, mode: .readOnly)) { SQLiteChainTables(database: $0) as any ChainTables }
        }
    }
}
