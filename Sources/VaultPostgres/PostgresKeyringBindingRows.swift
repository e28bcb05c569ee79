#if PostgreSQL
import PostgresStore
import Vault

/// The `keyring_binding` table, part of every PostgreSQL store's first schema.
struct PostgresKeyringBindingRows: KeyringBindingRows {
    let connection: PostgresConnection

    /// Nodes that open a new store together bind it one at a time: the second waits for the first's commit,
    /// then compares its keyring with the check value the first recorded (never records a second one).
    func prepare() throws {
        try connection.query("SELECT pg_advisory_xact_lock($1)", [.integer(Self.bindingLock)])
    }

    /// An arbitrary constant: the advisory lock of a store's keyring binding.
    static let bindingLock: Int64 = 0x7069_6976_6269_6E64

    func checkValue(for purpose: String) throws -> [UInt8]? {
        let rows = try connection.query("SELECT check_value FROM keyring_binding WHERE purpose = $1", [.text(purpose)])
        return rows.count > 0 ? rows.bytes(0, 0) : nil
    }

    func record(_ checkValue: [UInt8], for purpose: String) throws {
        try connection.query("INSERT INTO keyring_binding(purpose, check_value) VALUES($1, $2)", [.text(purpose), .bytes(checkValue)])
    }
}
#endif
