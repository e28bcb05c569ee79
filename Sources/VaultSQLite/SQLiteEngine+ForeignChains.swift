import Foundation
import Vault
import VaultCrypto
import VaultStore

/// The audit chain of a database another module opens and writes (the clienteling set-up database, which
/// creates the table from `SQLiteAuditTable.schema` and appends through `SQLiteAuditTable`): bound to its
/// keyring and anchored exactly like the vault's own chains, so `audit verify` checks it alike.
extension SQLiteEngine {
    /// `KeyringBinding.bind` in a transaction of its own on `database`, whose directory is the data directory.
    package static func bind(_ database: Database, to keyring: Keyring, purpose: String, keysDirectory: String) throws {
        let directory = (database.path as NSString).deletingLastPathComponent
        try storeErrors {
            try database.inTransaction {
                try KeyringBinding.bind(SQLiteChainTables(database: database), to: keyring, purpose: purpose,
                                        keysDirectory: keysDirectory, dataDirectory: directory.isEmpty ? "." : directory,
                                        location: database.path)
            }
        }
    }
}
