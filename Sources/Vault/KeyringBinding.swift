import VaultCrypto

/// Which keyring a store belongs to. Each store records a keyed check value of its keyring (never a key)
/// the first time it is opened with one, and every later open compares it: a keyring that does not match is
/// refused before anything is read or written, so pointing `--keys-dir` at the wrong directory is a clear
/// start-up error, not tokens that fail to open, searches that find nothing, new data sealed under the wrong
/// keys and an audit chain that looks tampered with.
package enum KeyringBinding {
    /// Checks the store against `keyring`, recording the check value if it has none yet. Runs inside the
    /// caller's write transaction, on the store at `location`; `purpose` names its role (its chain's name).
    /// `shared`: a store several nodes open, each with a data directory of its own (PostgreSQL): one opened
    /// before from elsewhere is anchored here on this data directory's first open.
    package static func bind(_ tables: any ChainTables, to keyring: Keyring, purpose: String, keysDirectory: String,
                             dataDirectory: String, location: String, shared: Bool = false) throws {
        let bindings = tables.bindings
        try bindings.prepare()
        let expected = try keyring.checkValue(for: purpose)
        if let stored = try bindings.checkValue(for: purpose) {
            guard ConstantTime.equals(stored, expected) else { throw mismatch(keysDirectory, purpose, location) }
            try AuditAnchors.admit(tables.audit, chain: purpose, key: keyring.chainKey, firstOpen: shared, dataDirectory: dataDirectory)
            return
        }
        // A store from before check values: its audit chain's keyed head says whether this keyring made it.
        if try tables.audit.headIsKeyed(by: keyring.chainKey) == false {
            throw mismatch(keysDirectory, purpose, location)
        }
        try bindings.record(expected, for: purpose)
        // Anchored before the binding commits: a crash in between leaves an anchor and a first open again.
        try AuditAnchors.admit(tables.audit, chain: purpose, key: keyring.chainKey, firstOpen: true, dataDirectory: dataDirectory)
    }

    /// Whether the store has recorded its keyring for `purpose` (and so has been anchored).
    static func isBound(_ tables: any ChainTables, purpose: String) throws -> Bool {
        try tables.bindings.checkValue(for: purpose) != nil
    }

    /// The same check on a read-only connection (audit verify and tail): a store without a recorded value is
    /// left to the audit chain's own verification.
    static func check(_ tables: any ChainTables, against keyring: Keyring, purpose: String, keysDirectory: String,
                      location: String) throws {
        guard let stored = try tables.bindings.checkValue(for: purpose) else { return }
        guard ConstantTime.equals(stored, try keyring.checkValue(for: purpose)) else {
            throw mismatch(keysDirectory, purpose, location)
        }
    }

    static func mismatch(_ keysDirectory: String, _ purpose: String, _ location: String) -> VaultError {
        let keyringPath = KeyringFile.path(keysDirectory: keysDirectory, region: AuditFiles.keyringName(of: purpose))
        return .keys("the keyring \(keyringPath) does not match \(location), which was made with another keyring: "
                     + "point --keys-dir at the keys this data directory was created with (nothing was changed)")
    }
}
