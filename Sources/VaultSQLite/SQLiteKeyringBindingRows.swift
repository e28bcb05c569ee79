import Vault
import VaultStore

/// The `keyring_binding` table. It came after the first schema of every kind of store (control, region,
/// set-up), so it is created where a binding is first recorded, not by a migration.
struct SQLiteKeyringBindingRows: KeyringBindingRows {
    static let schema = """
        CREATE TABLE IF NOT EXISTS keyring_binding(purpose TEXT PRIMARY KEY, check_value BLOB NOT NULL) WITHOUT ROWID
        """

    let database: Database

    func prepare() throws {
        try storeErrors { try database.execute(Self.schema) }
    }

    func checkValue(for purpose: String) throws -> [UInt8]? {
        guard try database.count("SELECT count(*) FROM sqlite_master WHERE name = 'keyring_binding'") == 1 else { return nil }
        return try database.query("SELECT check_value FROM keyring_binding WHERE purpose = ?") { s in
            try s.bind([.text(purpose)])
            return try s.step() ? s.blob(0) : nil
        }
    }

    func record(_ checkValue: [UInt8], for purpose: String) throws {
        try database.query("INSERT INTO keyring_binding(purpose, check_value) VALUES(?, ?)") {
            try $0.run([.text(purpose), .blob(checkValue)])
        }
    }
}
