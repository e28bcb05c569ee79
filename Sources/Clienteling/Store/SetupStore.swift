import Foundation
import VaultStore

/// The clienteling set-up database (`clienteling.sqlite` in the data directory): retailers, stores and their
/// onboarding, numbers being bought, templates. Business data only: store names and business phone numbers,
/// no customer's PII (identity documents of a regulatory submission stay in the vault, referred to by id).
///
/// Reads share a pool of connections; every change goes through one group-commit writer, so it is durable
/// before the API answers, and its audit record commits with it.
package final class SetupStore: Sendable {
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

    let readers: ConnectionPool
    let writer: GroupCommitWriter
    let audit: any SetupAuditTrail

    /// `path` is where the service keeps it (the store engine names the file); its directory is made if missing.
    package init(path: String, audit: any SetupAuditTrail) throws(SetupError) {
        let dataDirectory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let database = try Database(path: path)
            try database.inTransaction { try database.migrate(Self.migrations + [audit.schema]) }
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

    /// Finishes queued writes and closes the files.
    package func close() {
        writer.close()
        readers.drain()
    }

    func read<T>(_ body: (Database) throws -> T) throws(SetupError) -> T {
        do {
            return try readers.withConnection(body)
        } catch {
            throw .unavailable
        }
    }

    /// Runs `body` in the writer's transaction and waits for the commit. A `SetupError` thrown by `body`
    /// rolls the change back and comes out as it is.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws(SetupError) -> T {
        let result = ResultSlot<T>()
        do {
            try writer.perform { database in result.value = try body(database) }
        } catch let error as SetupError {
            throw error
        } catch {
            throw .unavailable
        }
        guard let value = result.value else { throw .unavailable }
        return value
    }

    func record(_ operation: String, _ caller: SetupCaller, subject: String, outcome: String, now: Int64,
                in database: Database) throws {
        try audit.append(SetupEvent(operation: operation, caller: caller, subject: subject, outcome: outcome, at: now),
                         in: database)
    }
}

/// Carries a value out of the writer's closure (it runs on the writer thread; `perform` waits for it).
private final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}
