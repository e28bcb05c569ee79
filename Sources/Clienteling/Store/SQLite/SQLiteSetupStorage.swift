import Foundation
import VaultStore

/// The set-up data in its own SQLite file (`clienteling.sqlite` in the data directory): reads share a pool
/// of read-only connections; changes go through one group-commit writer.
package final class SQLiteSetupStorage: SetupStorage {
    static let migrations: [String] = [
        """
        CREATE TABLE retailers(tenant TEXT PRIMARY KEY, ecom_link TEXT NOT NULL, created_at INTEGER NOT NULL,
                               updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE stores(
            tenant TEXT NOT NULL, store_id TEXT NOT NULL, name TEXT NOT NULL, country_code TEXT NOT NULL,
            landline TEXT NOT NULL, phone_number TEXT, number_sid TEXT, bundle_sid TEXT, address_sid TEXT,
            enabled INTEGER NOT NULL DEFAULT 0, whatsapp_status TEXT NOT NULL DEFAULT 'none', waba_id TEXT,
            profile_name TEXT, whatsapp_sid TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY(tenant, store_id)) WITHOUT ROWID;
        CREATE UNIQUE INDEX stores_by_number ON stores(phone_number) WHERE phone_number IS NOT NULL;
        -- A number some store is buying: reserved across all tenants until the provider confirms or refuses.
        CREATE TABLE number_claims(
            phone_number TEXT PRIMARY KEY, tenant TEXT NOT NULL, store_id TEXT NOT NULL, bundle_sid TEXT,
            address_sid TEXT, enable INTEGER NOT NULL, claimed_at INTEGER NOT NULL, UNIQUE(tenant, store_id)) WITHOUT ROWID;
        CREATE TABLE opt_in_templates(tenant TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE quick_replies(
            tenant TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL, message TEXT NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY(tenant, id)) WITHOUT ROWID;
        -- Document ids are bearer secrets of the vault: kept sealed under the keyring of their region.
        CREATE TABLE regulatory_submissions(
            tenant TEXT NOT NULL, id TEXT NOT NULL, country_code TEXT NOT NULL, document_region TEXT NOT NULL,
            documents BLOB NOT NULL, document_count INTEGER NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY(tenant, id)) WITHOUT ROWID;
        """,
    ]

    /// Steps added after the audit chain's schema (the second step of every existing database), so they
    /// run after it: `migrations + [audit.schema] + later`.
    static let later: [String] = [
        """
        -- Inbound messages acted on, by the provider's id, so a replay changes nothing: no body, no phone number.
        CREATE TABLE inbound_messages(
            message_sid TEXT PRIMARY KEY, tenant TEXT NOT NULL, store_id TEXT NOT NULL, outcome TEXT NOT NULL,
            received_at INTEGER NOT NULL) WITHOUT ROWID;
        -- A shopper's consent per store, by the vault's profile id: the phone number stays in the vault.
        CREATE TABLE opt_in_states(
            tenant TEXT NOT NULL, profile_id TEXT NOT NULL, store_id TEXT NOT NULL, state TEXT NOT NULL,
            modified_at INTEGER NOT NULL, PRIMARY KEY(tenant, profile_id, store_id)) WITHOUT ROWID;
        """,
    ]

    /// The tables, in the order a copy of them must be made (see `piivault migrate-store`).
    package static let tables = ["retailers", "stores", "number_claims", "opt_in_templates", "quick_replies",
                                 "regulatory_submissions", "inbound_messages", "opt_in_states"]

    let readers: ConnectionPool
    let writer: GroupCommitWriter
    let audit: any SetupAuditTrail<Database>

    /// `path` is where the service keeps it (the store engine names the file); its directory is made if missing.
    package init(path: String, audit: any SetupAuditTrail<Database>) throws(SetupError) {
        let dataDirectory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let database = try Database(path: path)
            try database.inTransaction { try database.migrate(Self.migrations + [audit.schema] + Self.later) }
            do { try audit.bind(database) } catch { throw SetupError.configuration(String(describing: error)) }
            writer = try GroupCommitWriter(database: database, name: "setup-writer")
        } catch let error as SetupError {
            throw error
        } catch {
            throw .configuration("cannot open the clienteling database \(path): \(error)")
        }
        readers = ConnectionPool(maxIdle: 4) { try Database(path: path, mode: .readOnly) }
        self.audit = audit
    }

    package func close() {
        writer.close()
        readers.drain()
    }

    package func withReader<T>(_ body: (any SetupTables) throws -> T) throws -> T {
        try readers.withConnection { try body(SQLiteSetupTables(database: $0, audit: audit)) }
    }

    package func perform(_ body: @escaping @Sendable (any SetupTables) throws -> Void) throws {
        let audit = audit
        try writer.perform { try body(SQLiteSetupTables(database: $0, audit: audit)) }
    }
}
