import VaultCrypto

/// Loads the keyring a store needs. A missing keyring is advice to run `keys init` only while there is no
/// data sealed under it: once the store exists, a new keyring could never open it, and the advice would lead
/// an operator to bind fresh keys to nothing.
enum VaultKeyring {
    static func load(_ name: String, keysDirectory: String, store location: String, engine: any StoreEngine) throws -> Keyring {
        do {
            return try KeyringFile.load(keysDirectory: keysDirectory, region: name)
        } catch CryptoError.missingKeyring(let path, _) where engine.exists(location) {
            throw VaultError.keys("keyring \(path) is missing, but \(location) holds data sealed under it: restore it from "
                                  + "your key backup or point --keys-dir at the directory that holds it (a new keyring "
                                  + "could never open this data)")
        } catch let error as CryptoError {
            throw VaultError.keys(error.description)
        }
    }
}
