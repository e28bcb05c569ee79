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
            // A server's writer keeps the hot pages of the indexes it updates (profile grams above all) in
            // memory rather than reading them back through the OS on every insert.
            if serving { options.cacheKiB = 64 * 1024 }
            let database = try Database(path: location, options: options)
            try RegionSchema.migrate(database, region: region)
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
