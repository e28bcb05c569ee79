import Clienteling
import Vault
import VaultCrypto

/// `keys rewrap` and the set-up data: regulatory submissions keep their documents' ids sealed under the keyring
/// of the region the documents live in (see `VaultRegulatoryDocuments`), so they move to its primary key too.
extension SetupWiring {
    /// Seals every submission of `region` again under the primary of its keyring in `keysDirectory`. Returns
    /// how many were sealed under an older key, how many were re-sealed, and the references of those that
    /// could not be (left as they were).
    package static func resealDocuments(_ setup: SetupStore, region: Region,
                                        keysDirectory: String) throws -> (older: Int, resealed: Int, failed: [String]) {
        let keyring: Keyring
        do { keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: region.code) } catch let error as CryptoError {
            throw VaultError.keys(error.description)
        }
        let older = try setup.documentKeyCounts(region: region.code).filter { $0.key != keyring.primaryID }.values.reduce(0, +)
        let (resealed, failed) = try setup.resealDocuments(region: region.code) { row in
            try keyring.rewrap(row.sealed, authenticating: Vault.referenceData(region, row.reference))
        }
        return (older, resealed, failed)
    }
}
