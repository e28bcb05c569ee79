#if PostgreSQL
import Clienteling
import ClientelingPostgres
import PostgresStore
import Vault
import VaultCrypto
import VaultPostgres

/// The set-up store beside the control store on PostgreSQL, shared by every node: its tables and audit
/// chain in the control database's `clienteling` schema.
extension SetupWiring {
    static func openPostgresStore(_ engine: PostgresEngine, keyring: Keyring, dataDirectory: String,
                                  keysDirectory: String) throws -> SetupStore {
        let audit = PostgresChainedSetupAudit(keyring: keyring, keysDirectory: keysDirectory, dataDirectory: dataDirectory)
        let connect = try engine.setupConnector()
        return SetupStore(storage: try PostgresSetupStorage(connect: connect, location: engine.setupLocation, audit: audit))
    }
}

/// Set-up changes as records of the vault's audit chain on PostgreSQL: bound and anchored like the vault's
/// shared stores, appended under the head row's lock so every node's changes make one chain.
struct PostgresChainedSetupAudit: SetupAuditTrail {
    typealias Connection = PostgresConnection

    let keyring: Keyring
    let keysDirectory: String
    let dataDirectory: String

    var schema: String { PostgresEngine.chainSchema }

    func bind(_ connection: PostgresConnection) throws {
        try PostgresEngine.bind(connection, to: keyring, purpose: AuditFiles.setupChainName, keysDirectory: keysDirectory,
                                dataDirectory: dataDirectory)
    }

    func append(_ event: SetupEvent, in connection: PostgresConnection) throws {
        do {
            try PostgresEngine.append(event.auditRecord, key: keyring.chainKey, on: connection)
        } catch let error as StoreError {
            // The writer tells a lost race or an unreachable database by PostgreSQL's own error.
            throw error.cause ?? error
        }
    }
}
#endif
