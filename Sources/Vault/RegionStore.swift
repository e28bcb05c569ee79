import Logging
import VaultCrypto

/// Everything one region owns: its keyring, its store (one writer with group commit, readers beside it) and
/// its tenants' data keys. A node opens a `RegionStore` only for the regions it serves.
final class RegionStore: Sendable {
    let region: Region
    let keyring: WatchedKeyring
    let storage: any RegionStorage
    let dataKeys: DataKeyCache
    let profileCrypto: ProfileCrypto
    let blindIndex: BlindIndex
    let identity: RecordIdentity
    let gramMerger: GramMerger

    init(region: Region, configuration: VaultConfiguration, engine: any StoreEngine, logger: Logger) throws {
        self.region = region
        let location = engine.location(of: .region(region), dataDirectory: configuration.dataDirectory)
        let keyring = try VaultKeyring.load(region.code, keysDirectory: configuration.keysDirectory, store: location, engine: engine)
        self.keyring = WatchedKeyring(keyring, keysDirectory: configuration.keysDirectory) { change in
            switch change {
            case .success(let keyring):
                logger.info("keyring reread", ["region": .string(region.code), "primary": .string(Hex.encode(keyring.primaryID)),
                                               "keys": .int(keyring.keyIDs.count), "retired": .int(keyring.retired.count)])
            case .failure(let problem):
                logger.warning("keyring file changed but was not taken", ["region": .string(region.code),
                                                                          "reason": .string(problem.description)])
            }
        }
        do {
            let connection = try engine.openRegion(region, at: location, serving: true)
            try connection.transaction { tables in
                try KeyringBinding.bind(tables, to: keyring, purpose: region.code, keysDirectory: configuration.keysDirectory,
                                        dataDirectory: configuration.dataDirectory, location: location, shared: engine.isShared(location))
            }
            let recentGrams = try connection.tables.grams.recentCount()
            storage = try connection.serve(name: "writer-\(region.code)", logger: logger)
            // A process that died between a deletion's commit and its truncation left the deleted pages in
            // the WAL; nothing says whether it did, and a truncation is cheap, so every start does one.
            storage.requestErasure()
            gramMerger = GramMerger(storage: storage, limit: configuration.recentGramLimit, pending: recentGrams)
        } catch let error as StoreError {
            throw VaultError.store("cannot open the \(region.code) store at \(location): \(error.message)")
        }
        dataKeys = DataKeyCache(region: region, keyring: self.keyring, maxUses: configuration.maxEncryptionsPerDataKey,
                                maxAge: configuration.dataKeyMaxAgeMilliseconds)
        profileCrypto = ProfileCrypto(region: region, keyring: self.keyring)
        blindIndex = BlindIndex(key: keyring.indexKey)
        identity = RecordIdentity(region: region, key: keyring.identityKey)
    }

    func close() {
        storage.close()
    }
}
