import Foundation
import Logging

/// The token vault: opens the stores and keyrings of the regions this node serves, and tokenizes and
/// detokenizes values in them. Knows nothing of HTTP, nor of the engine under its stores.
package final class Vault: Sendable {
    package let configuration: VaultConfiguration
    let stores: [Region: RegionStore]
    /// The store of the default region, which a vault always serves.
    let defaultStore: RegionStore
    let logger: Logger
    /// Where every deletion is recorded before it commits (see `DeletionLedger`).
    let ledger: DeletionLedger

    /// Opens the stores of the served regions with `engine` (the CLI and the tests pass SQLite's).
    package init(configuration: VaultConfiguration, engine: any StoreEngine, logger: Logger = .shared) throws {
        guard !configuration.regions.isEmpty else { throw VaultError.configuration("no regions to serve") }
        guard configuration.regions.contains(configuration.defaultRegion) else {
            throw VaultError.configuration("the default region \(configuration.defaultRegion.code) is not served")
        }
        try Self.prepareDataDirectory(configuration.dataDirectory)
        ledger = try DeletionLedger(dataDirectory: configuration.dataDirectory, copy: configuration.deletionLedgerCopy)
        var stores: [Region: RegionStore] = [:]
        do {
            for region in configuration.regions {
                stores[region] = try RegionStore(region: region, configuration: configuration, engine: engine, logger: logger)
            }
        } catch {
            for store in stores.values { store.close() }
            throw error
        }
        guard let defaultStore = stores[configuration.defaultRegion] else {
            for store in stores.values { store.close() }
            throw VaultError.configuration("the default region \(configuration.defaultRegion.code) is not served")
        }
        self.stores = stores
        self.defaultStore = defaultStore
        self.configuration = configuration
        self.logger = logger
    }

    package var servedRegions: [Region] { configuration.regions }

    package func serves(_ region: Region) -> Bool { stores[region] != nil }

    /// Whether the store of `region` answers a read (false for a region this node does not serve).
    package func isHealthy(_ region: Region) -> Bool {
        stores[region]?.storage.isHealthy() ?? false
    }

    /// Finishes queued writes and closes the stores.
    package func close() {
        for store in stores.values { store.close() }
    }

    /// Where a region's records live (tests and tools inspect the file).
    package func databasePath(for region: Region) -> String? { stores[region]?.storage.location }

    private static func prepareDataDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw VaultError.configuration("cannot create the data directory \(path)")
        }
    }
}
