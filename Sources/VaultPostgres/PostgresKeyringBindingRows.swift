#if PostgreSQL
import PostgresStore
import Vault

/// The `keyring_binding` table, part of every PostgreSQL store's first schema.
struct PostgresKeyringBindingRows: KeyringBindingRows {
    let connection: PostgresConnection

    func prepare() throws {}

    func checkValue(for purpose: String) throws -> [UInt8]? {
        let rows = try connection.query("SELECT check_value FROM keyring_binding WHERE purpose = $1", [.text(purpose)])
        return rows.count > 0 ? rows.bytes(0, 0) : nil
    }

    func record(_ checkValue: [UInt8], for purpose: String) throws {
        try connection.query("INSERT INTO keyring_binding(purpose, check_value) VALUES($1, $2)", [.text(purpose), .bytes(checkValue)])
    }
}
#endif
