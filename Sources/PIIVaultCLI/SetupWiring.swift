import Clienteling
import HTTPServer
import Logging
import Vault
import VaultAPI
import VaultCrypto
import VaultStore

/// Joins the Clienteling Setup API to the rest of the service: its requests are authorized by the vault's
/// API keys (scopes `setup:read` / `setup:write`), and its changes are recorded in a tamper-evident audit
/// chain of its own database, keyed by the control keyring (`piivault audit verify` checks it).
public enum SetupWiring {
    public static func authorizer(_ access: Access) -> SetupAuthorizer {
        { request, scope throws(HTTPError) in
            let key = try access.authorize(request, anyOf: scope == .read ? [.setupRead, .setupWrite] : [.setupWrite])
            return (key.tenant.name, key.id)
        }
    }

    /// The setup store, with its audit chain keyed from `keysDirectory/control.keyring`.
    public static func openStore(dataDirectory: String, keysDirectory: String) throws -> SetupStore {
        let keyring: Keyring
        do {
            keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: ControlStore.keyringName)
        } catch let error as CryptoError {
            throw VaultError.keys("the clienteling audit needs the control keyring: \(error.description)")
        }
        return try SetupStore(dataDirectory: dataDirectory, audit: ChainedSetupAudit(key: keyring.chainKey))
    }
}

/// Set-up changes as records of the vault's audit chain format (same MACs, same verification).
struct ChainedSetupAudit: SetupAuditTrail {
    let key: HMACKey

    var schema: String { AuditChain.schema }

    func append(_ event: SetupEvent, in database: Database) throws {
        let record = AuditRecord(at: event.at, requestID: event.caller.requestID, tenant: event.caller.tenant,
                                 keyID: event.caller.keyID, operation: event.operation, records: [event.subject],
                                 outcome: event.outcome)
        try AuditChain.append(record, key: key, in: database)
    }
}
