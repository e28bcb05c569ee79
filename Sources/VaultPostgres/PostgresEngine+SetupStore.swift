#if PostgreSQL
import PostgresStore
import Vault
import VaultCrypto

/// The set-up store on PostgreSQL (see `PostgresEngine`): another module (Clienteling) writes its tables
/// and appends to its audit chain; this engine gives it connections into its schema, and binds and
/// anchors its chain exactly like the vault's own, so `audit verify` checks it alike.
extension PostgresEngine {
    /// The engine of `engine` that holds the set-up store of `dataDirectory`, when PostgreSQL holds it.
    package static func holdingSetup(of engine: any StoreEngine, dataDirectory: String) -> PostgresEngine? {
        let location = engine.location(of: .setup, dataDirectory: dataDirectory)
        let owner = (engine as? RoutedStoreEngine)?.engine(at: location) ?? engine
        guard let postgres = owner as? PostgresEngine, postgres.kinds.contains(.setup) else { return nil }
        return postgres
    }

    /// Where the set-up store lives, as messages name it.
    package var setupLocation: String { location(of: .setup, dataDirectory: "") }

    /// Opens connections to the set-up store: its schema is made first if missing (under the migration
    /// lock, so two nodes starting together do not race to create it).
    package func setupConnector() throws -> @Sendable () throws -> PostgresConnection {
        try storeErrors {
            let connection = try connect(.control)
            try connection.inTransaction {
                try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.migrationLock)])
                try connection.run("CREATE SCHEMA IF NOT EXISTS \(Self.setupSchema)")
            }
        }
        return { [self] in try connect(.setup) }
    }

    /// The tables a chain needs (`meta`, `keyring_binding`, `audit`, `audit_head`), for the set-up schema's migrations.
    package static var chainSchema: String { PostgresSchema.common }

    /// `KeyringBinding.bind` in a transaction of its own on `connection` (a shared store: anchored on this
    /// data directory's first open).
    package static func bind(_ connection: PostgresConnection, to keyring: Keyring, purpose: String, keysDirectory: String,
                             dataDirectory: String) throws {
        try storeErrors {
            try connection.inTransaction {
                try KeyringBinding.bind(PostgresChainTables(connection: connection), to: keyring, purpose: purpose,
                                        keysDirectory: keysDirectory, dataDirectory: dataDirectory, location: connection.location,
                                        shared: true)
            }
        }
    }

    /// Appends `record` to the chain of the store `connection` is in, inside its open transaction: the head
    /// is read with its row lock, so appends from every node stay one line.
    package static func append(_ record: AuditRecord, key: HMACKey, on connection: PostgresConnection) throws {
        try PostgresAuditTable(connection: connection, writing: true).append(record, key: key)
    }
}
#endif
