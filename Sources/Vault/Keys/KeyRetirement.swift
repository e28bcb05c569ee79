import VaultCrypto

/// `piivault keys retire`: removes a key's secret from a region keyring once nothing stored is wrapped under
/// it. From then on what it wrapped opens nowhere: not in the live store (re-wrapped beforehand) and not in
/// any backup taken while it was in use. Refused for the primary and while rows still need it.
package enum KeyRetirement {
    /// Retires `keyID`, `documents` being the set-up documents' counts per key id (kept outside the region's
    /// store); returns what it did, for the operator.
    package static func retire(_ keyID: UInt32, region: Region, dataDirectory: String, keysDirectory: String,
                               engine: any StoreEngine, documents: [UInt32: Int], now: Int64) throws -> String {
        // Without the store there is no telling what is still wrapped under the key: a node whose store is on
        // PostgreSQL run without --store, or a mistyped --data-dir, must not count zero and destroy it.
        guard let store = try MaintenanceConnection.open(region, dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                                         engine: engine) else {
            throw MaintenanceConnection.missing(region, dataDirectory: dataDirectory, engine: engine, doing: "retire a key")
        }
        let keyring = store.keyring
        let rows = try (store.rowsByKey()[keyID] ?? 0) + (documents[keyID] ?? 0)
        let path = KeyringFile.path(keysDirectory: keysDirectory, region: region.code)
        guard rows == 0 || keyring.isRetired(keyID) || keyID == keyring.primaryID else {
            throw VaultError.keys("\(rows) stored keys are still wrapped under key \(Hex.encode(keyID)) of \(path): run "
                                  + "`piivault keys rewrap --region \(region.code)` first (nothing was changed)")
        }
        let retired: Keyring
        do {
            // Reread under the keyring's lock: a rotation run meanwhile keeps its key.
            retired = try KeyringFile.modify(keysDirectory: keysDirectory, region: region.code) { try $0.retiring(keyID, now: now / 1_000) }
        } catch let error as CryptoError {
            throw VaultError.keys(error.description + " (nothing was changed)")
        }
        try store.record("keys.retire", actor: "keys-retire", outcome: "retired key \(Hex.encode(keyID)); "
                          + "\(retired.keyIDs.count) keys left, primary \(Hex.encode(retired.primaryID))", at: now)
        return "retired key \(Hex.encode(keyID)) of \(path): its secret is gone; \(retired.keyIDs.count) keys left, "
            + "primary \(Hex.encode(retired.primaryID))"
    }
}
