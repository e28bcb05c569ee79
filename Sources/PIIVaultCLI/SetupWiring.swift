import Clienteling
import HTTPServer
import Logging
import Vault
import VaultAPI
import VaultCrypto
import VaultSQLite
import VaultStore
#if PostgreSQL
import VaultPostgres
#endif

/// Joins the Clienteling Setup API to the rest of the service: its requests are authorized by the vault's
/// API keys (scopes `setup:read` / `setup:write`), and its changes are recorded in a tamper-evident audit
/// chain of its own database, keyed by the control keyring (`piivault audit verify` checks it).
package enum SetupWiring {
    package static func authorizer(_ access: Access) -> SetupAuthorizer { SetupKeyAuthorizer(access: access) }

    /// The setup store, with its audit chain keyed from `keysDirectory/control.keyring`: where `engine` keeps
    /// the set-up store (with the control store on PostgreSQL, the control database; else `clienteling.sqlite`).
    package static func openStore(dataDirectory: String, keysDirectory: String,
                                  engine: any StoreEngine = StoreWiring.engine) throws -> SetupStore {
        let keyring: Keyring
        do {
            keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: ControlStore.keyringName)
        } catch let error as CryptoError {
            throw VaultError.keys("the clienteling audit needs the control keyring: \(error.description)")
        }
        #if PostgreSQL
        if let postgres = PostgresEngine.holdingSetup(of: engine, dataDirectory: dataDirectory) {
            return try openPostgresStore(postgres, keyring: keyring, dataDirectory: dataDirectory, keysDirectory: keysDirectory)
        }
        #endif
        let audit = ChainedSetupAudit(keyring: keyring, keysDirectory: keysDirectory)
        return SetupStore(storage: try SQLiteSetupStorage(path: engine.location(of: .setup, dataDirectory: dataDirectory),
                                                          audit: audit))
    }
}

/// Set-up changes as records of the vault's audit chain format (same MACs, same verification).
struct ChainedSetupAudit: SetupAuditTrail {
    typealias Connection = Database

    let keyring: Keyring
    let keysDirectory: String
    var key: HMACKey { keyring.chainKey }

    var schema: String { SQLiteAuditTable.schema }

    func bind(_ database: Database) throws {
        try SQLiteEngine.bind(database, to: keyring, purpose: AuditFiles.setupChainName, keysDirectory: keysDirectory)
    }

    func append(_ event: SetupEvent, in database: Database) throws {
        do {
            try SQLiteAuditTable(database).append(event.auditRecord, key: key)
        } catch let error as StoreError {
            // The setup store's group commit tells a full store from a failing job by SQLite's own error.
            throw error.cause ?? error
        }
    }
}

extension SetupEvent {
    /// The change as a record of the vault's audit chain format.
    var auditRecord: AuditRecord {
        AuditRecord(at: at, requestID: caller.requestID, tenant: caller.tenant, keyID: caller.keyID, operation: operation,
                    records: [subject], outcome: outcome)
    }
}

/// Regulatory documents as the vault's data entries: checked without reading them, ids sealed under the
/// keyring of their region.
struct VaultRegulatoryDocuments: RegulatoryDocuments {
    let vault: Vault

    func verify(tenant: String, id: String, region: String) throws(SetupError) {
        guard let tenant = Tenant(tenant), let region = Region(code: region) else { throw .unavailable }
        guard id.hasPrefix("NS-\(region.code)-") else {
            throw .invalid("documents of this country belong in the \(region.code) region: upload them with "
                           + "POST /v1/d/pii/data and Residency-Region: \(region.code)")
        }
        do {
            guard try vault.dataEntryExists(tenant: tenant, id: id) else {
                throw SetupError.invalid("names no data entry of this tenant (unknown, deleted or expired)")
            }
        } catch let error as SetupError {
            throw error
        } catch ProfileError.invalidID {
            throw .invalid("is not a data id (NS-<region>-<uuid>)")
        } catch ProfileError.regionNotServed {
            throw .misdirected("this node does not serve the \(region.code) region, where these documents belong")
        } catch {
            throw .unavailable
        }
    }

    func seal(_ ids: [String], region: String, reference: String) throws(SetupError) -> [UInt8] {
        guard let region = Region(code: region) else { throw .unavailable }
        do { return try vault.sealReferences(ids, region: region, reference: reference) } catch { throw .unavailable }
    }

    func open(_ sealed: [UInt8], region: String, reference: String) throws(SetupError) -> [String] {
        guard let region = Region(code: region) else { throw .unavailable }
        do { return try vault.openReferences(sealed, region: region, reference: reference) } catch { throw .unavailable }
    }
}

extension SetupWiring {
    package static func documents(_ vault: Vault) -> any RegulatoryDocuments { VaultRegulatoryDocuments(vault: vault) }
}
