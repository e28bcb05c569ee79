import VaultCrypto
import VaultStore

/// Which keyring a database belongs to. Each database records a keyed check value of its keyring (never a
/// key) the first time it is opened with one, and every later open compares it: a keyring that does not
/// match is refused before anything is read or written, so pointing `--keys-dir` at the wrong directory is
/// a clear start-up error, not tokens that fail to open, searches that find nothing, new data sealed under
/// the wrong keys and an audit chain that looks tampered with.
public enum KeyringBinding {
    static let schema = """
        CREATE TABLE IF NOT EXISTS keyring_binding(purpose TEXT PRIMARY KEY, check_value BLOB NOT NULL) WITHOUT ROWID
        """

    /// Checks `database` against `keyring`, recording the check value if it has none yet; runs in its own
    /// transaction on a read-write connection. `purpose` names the database's role (its chain's name).
    public static func bind(_ database: Database, to keyring: Keyring, purpose: String, keyringPath: String) throws {
        try database.inTransaction {
            try database.execute(schema)
            let expected = try keyring.checkValue(for: purpose)
            if let stored = try storedValue(database, purpose) {
                guard ConstantTime.equals(stored, expected) else { throw mismatch(keyringPath, database.path) }
                try AuditAnchors.admit(database, chain: purpose, key: keyring.chainKey, firstOpen: false)
                return
            }
            // A database from before check values: its audit chain's keyed head says whether this keyring made it.
            if try AuditChain.headIsKeyed(by: keyring.chainKey, in: database) == false {
                throw mismatch(keyringPath, database.path)
            }
            try database.withStatement("INSERT INTO keyring_binding(purpose, check_value) VALUES(?, ?)") {
                try $0.run([.text(purpose), .blob(expected)])
            }
            // Anchored before the binding commits: a crash in between leaves an anchor and a first open again.
            try AuditAnchors.admit(database, chain: purpose, key: keyring.chainKey, firstOpen: true)
        }
    }

    /// Whether the database has recorded its keyring for `purpose` (and so has been anchored).
    static func isBound(_ database: Database, purpose: String) throws -> Bool {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'keyring_binding'") == 1 else { return false }
        return try storedValue(database, purpose) != nil
    }

    /// The same check on a read-only connection (audit verify and tail): a database without a recorded
    /// value is left to the audit chain's own verification.
    public static func check(_ database: Database, against keyring: Keyring, purpose: String, keyringPath: String) throws {
        guard try isBound(database, purpose: purpose), let stored = try storedValue(database, purpose) else { return }
        guard ConstantTime.equals(stored, try keyring.checkValue(for: purpose)) else {
            throw mismatch(keyringPath, database.path)
        }
    }

    private static func storedValue(_ database: Database, _ purpose: String) throws -> [UInt8]? {
        try database.withStatement("SELECT check_value FROM keyring_binding WHERE purpose = ?") { s in
            try s.bind([.text(purpose)])
            return try s.step() ? s.blob(0) : nil
        }
    }

    static func mismatch(_ keyringPath: String, _ databasePath: String) -> VaultError {
        .keys("the keyring \(keyringPath) does not match \(databasePath), which was made with another keyring: "
              + "point --keys-dir at the keys this data directory was created with (nothing was changed)")
    }
}
