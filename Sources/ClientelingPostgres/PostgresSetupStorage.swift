#if PostgreSQL
import Clienteling
import PostgresStore

/// The set-up data on PostgreSQL, shared by every node of a deployment: the same tables as SQLite's
/// `clienteling.sqlite` (see `SQLiteSetupStorage`), in PostgreSQL's types, in the schema the connections
/// given to it see (the control database's `clienteling`). Reads share a pool; changes go through one
/// group-commit writer per node, one transaction per group, durable before `write` returns.
package final class PostgresSetupStorage: SetupStorage {
    static let migrations: [String] = [
        """
        CREATE TABLE retailers(tenant text PRIMARY KEY, ecom_link text NOT NULL, created_at bigint NOT NULL,
                               updated_at bigint NOT NULL);
        CREATE TABLE stores(
            tenant text NOT NULL, store_id text NOT NULL, name text NOT NULL, country_code text NOT NULL,
            landline text NOT NULL, phone_number text, number_sid text, bundle_sid text, address_sid text,
            enabled bigint NOT NULL DEFAULT 0, whatsapp_status text NOT NULL DEFAULT 'none', waba_id text,
            profile_name text, whatsapp_sid text, created_at bigint NOT NULL, updated_at bigint NOT NULL,
            PRIMARY KEY(tenant, store_id));
        CREATE UNIQUE INDEX stores_by_number ON stores(phone_number) WHERE phone_number IS NOT NULL;
        CREATE TABLE number_claims(
            phone_number text PRIMARY KEY, tenant text NOT NULL, store_id text NOT NULL, bundle_sid text,
            address_sid text, enable bigint NOT NULL, claimed_at bigint NOT NULL, UNIQUE(tenant, store_id));
        CREATE TABLE opt_in_templates(tenant text PRIMARY KEY, body text NOT NULL, updated_at bigint NOT NULL);
        CREATE TABLE quick_replies(
            tenant text NOT NULL, id text NOT NULL, title text NOT NULL, message text NOT NULL,
            created_at bigint NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY(tenant, id));
        CREATE TABLE regulatory_submissions(
            tenant text NOT NULL, id text NOT NULL, country_code text NOT NULL, document_region text NOT NULL,
            documents bytea NOT NULL, document_count bigint NOT NULL, status text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY(tenant, id));
        """,
    ]

    /// Steps added after the audit chain's schema (the second step of every existing database): as SQLite's.
    static let later: [String] = [
        """
        CREATE TABLE inbound_messages(
            message_sid text PRIMARY KEY, tenant text NOT NULL, store_id text NOT NULL, outcome text NOT NULL,
            received_at bigint NOT NULL);
        CREATE TABLE opt_in_states(
            tenant text NOT NULL, profile_id text NOT NULL, store_id text NOT NULL, state text NOT NULL,
            modified_at bigint NOT NULL, PRIMARY KEY(tenant, profile_id, store_id));
        """,
    ]

    /// An arbitrary constant: the advisory lock nodes take to migrate the set-up schema.
    static let migrationLock: Int64 = 0x7069_6976_7365_7475

    /// Brings the set-up tables up to date (`auditSchema`: the chain's tables), in a transaction of its own.
    package static func migrate(_ connection: PostgresConnection, auditSchema: String) throws {
        try connection.inTransaction { try connection.migrate(migrations + [auditSchema] + later, lock: migrationLock) }
    }

    let readers: PostgresPool
    let writer: PostgresGroupCommit
    let audit: any SetupAuditTrail<PostgresConnection>

    /// `connect` opens a connection that sees the set-up schema; `location` names it in messages.
    package init(connect: @escaping @Sendable () throws -> PostgresConnection, location: String,
                 audit: any SetupAuditTrail<PostgresConnection>) throws(SetupError) {
        do {
            let connection = try connect()
            try Self.migrate(connection, auditSchema: audit.schema)
            do { try audit.bind(connection) } catch { throw SetupError.configuration(String(describing: error)) }
            writer = PostgresGroupCommit(connection: connection, name: "setup-writer", open: connect)
        } catch let error as SetupError {
            throw error
        } catch let error as PostgresSchemaTooNew {
            throw .configuration("\(location) has set-up schema version \(error.version), newer than this build's \(error.known): "
                                 + "upgrade piivault on this node (nothing was changed)")
        } catch {
            throw .configuration("cannot open the clienteling store \(location): \(error)")
        }
        readers = PostgresPool(maxIdle: 4, open: connect)
        self.audit = audit
    }

    package func close() {
        writer.close()
        readers.drain()
    }

    package func withReader<T>(_ body: (any SetupTables) throws -> T) throws -> T {
        try readers.withConnection { try body(PostgresSetupTables(connection: $0, audit: audit)) }
    }

    package func perform(_ body: @escaping @Sendable (any SetupTables) throws -> Void) throws {
        let audit = audit
        try writer.perform { try body(PostgresSetupTables(connection: $0, audit: audit)) }
    }
}
#endif
