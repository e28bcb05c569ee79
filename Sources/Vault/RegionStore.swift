import Foundation
import Logging
import VaultCrypto
import VaultStore

/// Everything one region owns: its keyring, its database file (one writer with group commit, a pool of
/// readers) and its tenants' data keys. A node opens a `RegionStore` only for the regions it serves.
final class RegionStore: Sendable {
    let region: Region
    let keyring: Keyring
    let writer: GroupCommitWriter
    let readers: ConnectionPool
    let dataKeys: DataKeyCache
    let path: String
    let profileCrypto: ProfileCrypto
    let blindIndex: BlindIndex
    let identity: RecordIdentity
    let gramMerger: GramMerger

    init(region: Region, configuration: VaultConfiguration, logger: Logger) throws {
        self.region = region
        path = Self.databasePath(dataDirectory: configuration.dataDirectory, region: region)
        keyring = try VaultKeyring.load(region.code, keysDirectory: configuration.keysDirectory, database: path)
        do {
            // The writer keeps the hot pages of the indexes it updates (profile grams above all) in memory
            // rather than reading them back through the OS on every insert.
            var options = Database.Options()
            options.cacheKiB = 64 * 1024
            let database = try Database(path: path, options: options)
            try RegionSchema.migrate(database, region: region)
            try KeyringBinding.bind(database, to: keyring, purpose: region.code,
                                    keyringPath: KeyringFile.path(keysDirectory: configuration.keysDirectory, region: region.code))
            let recentGrams = try database.scalarInt("SELECT count(*) FROM profile_grams_recent")
            writer = try GroupCommitWriter(database: database, name: "writer-\(region.code)",
                                           onErasure: { Self.log($0, region: region, logger: logger) })
            // A process that died between a deletion's commit and its truncation left the deleted pages in
            // the WAL; nothing says whether it did, and a truncation is cheap, so every start does one.
            writer.requestErasure()
            gramMerger = GramMerger(writer: writer, limit: configuration.recentGramLimit, pending: Int(recentGrams))
        } catch let error as DatabaseError {
            throw VaultError.store("cannot open the \(region.code) store at \(path): \(error.message)")
        }
        let path = self.path
        readers = ConnectionPool { try Database(path: path, mode: .readOnly) }
        dataKeys = DataKeyCache(region: region, keyring: keyring, maxUses: configuration.maxEncryptionsPerDataKey)
        profileCrypto = ProfileCrypto(region: region, keyring: keyring)
        blindIndex = BlindIndex(key: keyring.indexKey)
        identity = RecordIdentity(region: region, key: keyring.identityKey)
    }

    static func databasePath(dataDirectory: String, region: Region) -> String {
        "\(dataDirectory)/vault-\(region.code.lowercased()).sqlite"
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

    func close() {
        writer.close()
        readers.drain()
    }
}
