import Foundation
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

    init(region: Region, configuration: VaultConfiguration) throws {
        self.region = region
        do {
            keyring = try KeyringFile.load(keysDirectory: configuration.keysDirectory, region: region.code)
        } catch let error as CryptoError {
            throw VaultError.keys(error.description)
        }
        path = Self.databasePath(dataDirectory: configuration.dataDirectory, region: region)
        do {
            let database = try Database(path: path)
            try RegionSchema.migrate(database, region: region)
            writer = try GroupCommitWriter(database: database, name: "writer-\(region.code)")
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

    func close() {
        writer.close()
        readers.drain()
    }
}
