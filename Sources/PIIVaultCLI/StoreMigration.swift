#if PostgreSQL
import ClientelingPostgres
import Foundation
import PostgresStore
import Vault
import VaultPostgres
import VaultSQLite
import VaultStore

/// Copies a SQLite data directory's stores into PostgreSQL, table by table in key order. Each batch is one
/// PostgreSQL transaction that also records how far the table got (`migration_progress`), so a run that was
/// interrupted continues after the last committed batch and never copies a row twice (inserts skip rows
/// already there, too). The target schema is the engine's own (`PostgresEngine` creates it).
struct StoreMigration {
    let from: String
    let to: String
    let keysDirectory: String
    var batch = 2_000

    /// A table to copy: its columns, and the key it is read in order of.
    struct Table {
        let name: String
        let columns: [String]
        let key: [String]
        /// Identity columns in PostgreSQL (row numbers kept as they were).
        var overriding = false
        /// Columns a later schema version added: a source an older build made lacks them (it was never opened
        /// by this one, which would have added them), and the target's default stands for its rows.
        var later: [String] = []
        /// The table as `source` holds it: without the `later` columns it lacks.
        func held(in source: Database) throws -> Table {
            let missing = try later.filter {
                try source.scalarInt("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", [.text(name), .text($0)]) == 0
            }
            return Table(name: name, columns: columns.filter { !missing.contains($0) }, key: key, overriding: overriding)
        }
    }

    static let regionTables = [
        Table(name: "keyring_binding", columns: ["purpose", "check_value"], key: ["purpose"]),
        Table(name: "data_keys", columns: ["tenant", "id", "wrapped", "created_at"], key: ["tenant", "id"]),
        Table(name: "tokens", columns: ["id", "tenant", "sealed"], key: ["id"]),
        Table(name: "profiles", columns: ["number", "id", "tenant", "display_id", "created_at", "updated_at", "deleted_at",
                                          "email_index", "wrapped_key", "sealed"], key: ["number"], overriding: true),
        Table(name: "addresses", columns: ["id", "profile", "created_at", "updated_at", "fingerprint", "sealed"], key: ["id"]),
        Table(name: "profile_grams", columns: ["tenant", "gram", "profile"], key: ["tenant", "gram", "profile"]),
        Table(name: "profile_grams_recent", columns: ["profile", "tenant", "version", "grams"], key: ["profile"]),
        Table(name: "data_blobs", columns: ["number", "lookup", "tenant", "created_at", "expires_at", "sealed"], key: ["number"],
              overriding: true),
    ]

    static let controlTables = [
        Table(name: "keyring_binding", columns: ["purpose", "check_value"], key: ["purpose"]),
        Table(name: "tenants", columns: ["name", "default_region", "created_at", "cross_region_reads"], key: ["name"],
              later: ["cross_region_reads"]),
        Table(name: "api_keys", columns: ["id", "tenant", "name", "scopes", "secret_hash", "created_at", "expires_at", "revoked_at",
                                          "last_used_at"], key: ["id"]),
        Table(name: "tenant_settings", columns: ["tenant", "first_and_last_name", "profiles_merge", "crm_enabled", "crm_url",
                                                 "crm_token", "updated_at"], key: ["tenant"]),
    ]

    /// The clienteling set-up data, into the control database's schema of its own.
    static let setupTables = [
        Table(name: "keyring_binding", columns: ["purpose", "check_value"], key: ["purpose"]),
        Table(name: "retailers", columns: ["tenant", "ecom_link", "created_at", "updated_at"], key: ["tenant"]),
        Table(name: "stores", columns: ["tenant", "store_id", "name", "country_code", "landline", "phone_number", "number_sid",
                                        "bundle_sid", "address_sid", "enabled", "whatsapp_status", "waba_id", "profile_name",
                                        "whatsapp_sid", "created_at", "updated_at"], key: ["tenant", "store_id"]),
        Table(name: "number_claims", columns: ["phone_number", "tenant", "store_id", "bundle_sid", "address_sid", "enable",
                                               "claimed_at"], key: ["phone_number"]),
        Table(name: "opt_in_templates", columns: ["tenant", "body", "updated_at"], key: ["tenant"]),
        Table(name: "quick_replies", columns: ["tenant", "id", "title", "message", "created_at", "updated_at"], key: ["tenant", "id"]),
        Table(name: "regulatory_submissions", columns: ["tenant", "id", "country_code", "document_region", "documents",
                                                        "document_count", "status", "created_at"], key: ["tenant", "id"]),
        Table(name: "inbound_messages", columns: ["message_sid", "tenant", "store_id", "outcome", "received_at"],
              key: ["message_sid"]),
        Table(name: "opt_in_states", columns: ["tenant", "profile_id", "store_id", "state", "modified_at"],
              key: ["tenant", "profile_id", "store_id"]),
    ]

    /// The stores of `from`, each with the connection string of its database (the set-up data's: the control
    /// database's); nil where `from` has none.
    func targets() throws -> [(kind: StoreKind, source: String, conninfo: String)] {
        let sqlite = SQLiteEngine()
        let base = PostgresConnectionString.database(of: to) ?? "vault"
        var out: [(StoreKind, String, String)] = []
        for (kind, suffix) in [(StoreKind.control, "control")] + Region.allCases.map({ (StoreKind.region($0), $0.code.lowercased()) }) {
            let source = sqlite.location(of: kind, dataDirectory: from)
            guard sqlite.exists(source) else { continue }
            out.append((kind, source, try PostgresConnectionString.replacingDatabase(of: to, with: "\(base)_\(suffix)")))
        }
        guard let control = out.first(where: { $0.0 == .control }) else {
            throw VaultError.store("no vault in \(from): it has no control.sqlite (give --from the data directory to copy)")
        }
        let setup = sqlite.location(of: .setup, dataDirectory: from)
        if sqlite.exists(setup) { out.append((.setup, setup, control.2)) }
        return out
    }

    /// Copies every store; `report` hears each table as it finishes. Returns the lines of the final check and
    /// whether everything matched.
    func run(report: (String) -> Void) throws -> (lines: [String], matched: Bool) {
        let targets = try targets()
        try createDatabases(Array(Set(targets.map(\.conninfo))))
        var engine = try PostgresEngine(stores: Dictionary(uniqueKeysWithValues: targets.map { ($0.kind, $0.conninfo) }))
        engine.opensUnfinishedCopies = true
        var marked: [PostgresConnection] = []
        var lines: [String] = []
        var matched = true
        for target in targets {
            let location = engine.location(of: target.kind, dataDirectory: from)
            let destination: PostgresConnection
            switch target.kind {
            case .region(let region):
                _ = try engine.openRegion(region, at: location, serving: false)
                destination = try PostgresConnection(conninfo: target.conninfo)
                try Self.markUnfinished(destination)
                marked.append(destination)
            case .control:
                _ = try engine.openControl(at: location)
                destination = try PostgresConnection(conninfo: target.conninfo)
                try Self.markUnfinished(destination)
                marked.append(destination)
            case .setup:
                destination = try engine.setupConnector()()
                try PostgresSetupStorage.migrate(destination, auditSchema: PostgresEngine.chainSchema)
            }
            let source = try Database(path: target.source, mode: .readOnly)
            try destination.run("CREATE TABLE IF NOT EXISTS migration_progress(name text PRIMARY KEY, last_key bytea, copied bigint NOT NULL, done bigint NOT NULL)")
            let name = target.kind.name
            for table in Self.tables(of: target.kind) {
                guard try source.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table.name)]) == 1 else {
                    continue
                }
                let copied = try copy(try table.held(in: source), from: source, to: destination)
                let (here, there) = (try source.scalarInt("SELECT count(*) FROM \(table.name)"),
                                     try destination.execute("SELECT count(*) FROM \(table.name)").int64(0, 0))
                report("\(name) \(table.name): \(copied) rows copied in this run, \(there) of \(here) in place")
                if here != there {
                    matched = false
                    lines.append("\(name) \(table.name): \(here) rows in SQLite, \(there) in PostgreSQL")
                }
            }
            let audit = try AuditCopy(source: source, destination: destination, batch: batch).run()
            report("\(name) audit: \(audit.copied) records copied in this run, \(audit.there) of \(audit.here) in place")
            if audit.here != audit.there {
                matched = false
                lines.append("\(name) audit: \(audit.here) records in SQLite, \(audit.there) in PostgreSQL")
            }
            guard case .region = target.kind else { continue }
            for table in ["profiles", "data_blobs"] {
                try destination.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'number'), greatest((SELECT max(number) FROM \(table)), 1))")
            }
        }
        // Every copied chain verified with its keyring, as `audit verify` would with the new options.
        let routed = engine.routed(over: SQLiteEngine())
        for chain in AuditFiles.chains(dataDirectory: from, engine: routed) where engine.owns(chain.path) {
            switch try AuditFiles.verify(chain, keysDirectory: keysDirectory) {
            case .intact(let records): lines.append("\(chain.name): \(records) records, intact")
            case .broken(let seq, let reason):
                matched = false
                lines.append("\(chain.name): BROKEN at record \(seq): \(reason)")
            }
        }
        // Only a complete, verified copy may be served.
        if matched {
            for destination in marked { try destination.execute("DELETE FROM meta WHERE key = 'migrating'") }
        }
        return (lines, matched)
    }

    /// Nodes refuse a store so marked until a run has copied and verified everything.
    private static func markUnfinished(_ destination: PostgresConnection) throws {
        try destination.execute("INSERT INTO meta(key, value) VALUES('migrating', 'migrate-store') ON CONFLICT DO NOTHING")
    }

    /// The options that serve the copy.
    func storeOptions() throws -> String {
        let targets = try targets()
        let regions = targets.compactMap { target -> String? in
            guard case .region(let region) = target.kind else { return nil }
            return "\(region.code)=PG_\(region.code)"
        }
        return "--store \(regions.joined(separator: ",")) --control-store PG_CONTROL  (each PG: a file holding "
            + targets.filter { $0.kind != .setup }.map { "\($0.kind.name): " + PostgresConnectionString.location(of: $0.conninfo) }
            .joined(separator: "; ") + ")"
    }

    static func tables(of kind: StoreKind) -> [Table] {
        switch kind {
        case .control: controlTables
        case .region: regionTables
        case .setup: setupTables
        }
    }

    /// Creates the databases that do not exist yet, through the database `to` names or, when that one does not
    /// exist either (it need not: it only names the others), through `postgres`.
    private func createDatabases(_ conninfos: [String]) throws {
        let admin: PostgresConnection
        do {
            admin = try PostgresConnection(conninfo: to)
        } catch {
            admin = try PostgresConnection(conninfo: try PostgresConnectionString.replacingDatabase(of: to, with: "postgres"))
        }
        for conninfo in conninfos {
            guard let name = PostgresConnectionString.database(of: conninfo) else { continue }
            let exists = try admin.execute("SELECT count(*) FROM pg_database WHERE datname = $1", [.text(name)]).int64(0, 0) > 0
            guard !exists else { continue }
            do {
                try admin.run("CREATE DATABASE \"\(name)\"")
            } catch let error as PostgresError {
                throw VaultError.store("cannot create the database \(name) (\(error.message)): create it, or let the user create databases")
            }
        }
    }

    /// Copies the rows of `table` after the last committed batch; returns how many this run copied.
    private func copy(_ table: Table, from source: Database, to destination: PostgresConnection) throws -> Int {
        let progress = try destination.execute("SELECT last_key, copied, done FROM migration_progress WHERE name = $1", [.text(table.name)])
        if progress.count > 0, progress.int64(0, 2) == 1 { return 0 }
        var last = progress.count > 0 ? progress.optionalBytes(0, 0).map(KeyCoding.decode) ?? nil : nil
        var copiedBefore = progress.count > 0 ? progress.int64(0, 1) : 0
        var copied = 0
        let list = table.columns.joined(separator: ", ")
        let keys = table.key.joined(separator: ", ")
        let keyTuple = "(" + keys + ")"
        let placeholders = (1...table.columns.count).map { "$\($0)" }.joined(separator: ", ")
        let insert = "INSERT INTO \(table.name)(\(list)) \(table.overriding ? "OVERRIDING SYSTEM VALUE " : "")VALUES(\(placeholders)) ON CONFLICT DO NOTHING"
        while true {
            let after = last.map { _ in " WHERE \(keyTuple) > (" + table.key.map { _ in "?" }.joined(separator: ", ") + ")" } ?? ""
            let rows: [[DatabaseValue]] = try source.withStatement("SELECT \(list) FROM \(table.name)\(after) ORDER BY \(keys) LIMIT ?") { s in
                try s.bind((last ?? []) + [.integer(Int64(batch))])
                var rows: [[DatabaseValue]] = []
                while try s.step() { rows.append((0..<Int32(table.columns.count)).map { s.value($0) }) }
                return rows
            }
            let done = rows.count < batch
            let key = rows.last.map { row in table.key.map { row[table.columns.firstIndex(of: $0)!] } } ?? last
            try destination.inTransaction {
                for row in rows { try destination.enqueue(insert, row.map(Self.postgres)) }
                copiedBefore += Int64(rows.count)
                try destination.execute("""
                    INSERT INTO migration_progress(name, last_key, copied, done) VALUES($1, $2, $3, $4)
                    ON CONFLICT (name) DO UPDATE SET last_key = excluded.last_key, copied = excluded.copied, done = excluded.done
                    """, [.text(table.name), key.map { .bytes(KeyCoding.encode($0)) } ?? .null, .integer(copiedBefore),
                          .integer(done ? 1 : 0)])
            }
            copied += rows.count
            last = key
            if done { return copied }
        }
    }

    static func postgres(_ value: DatabaseValue) -> PostgresValue {
        switch value {
        case .null: .null
        case .integer(let value): .integer(value)
        case .text(let value): .text(value)
        case .blob(let value): .bytes(value)
        }
    }
}
#endif
