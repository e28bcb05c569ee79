import VaultCrypto

/// The audit heads a backup records and a restore checks. A backup's manifest holds, for each chain it
/// copied, an anchor of the copy's head (`anchor1 CHAIN SEQ MAC AT TAG`, keyed by the chain's keyring like
/// the data directory's anchors). A restore requires the restored chain to end exactly there: a copy whose
/// chain differs from what its manifest recorded was altered after the backup. The restored data directory
/// then gets exactly those anchors, so the restored (older) chains are anchored as what they are; and an
/// anchor file kept outside (`--audit-anchor`) tells an old copy (its chains are a prefix of what the file
/// anchored) from tampering (a record the file anchors that the copy holds differently).
package enum BackupAnchors {
    /// The anchor line (without its newline) of the head of the chain `name` in the store at `location`.
    /// Refused when the head is not the chain's own (a forged head must not be vouched for by a manifest).
    package static func headLine(chain name: String, at location: String, engine: any StoreEngine,
                                 keysDirectory: String) throws -> String {
        let (audit, key) = try open(name, location, engine, keysDirectory)
        let head = try audit.link()
        guard try audit.headIsKeyed(by: key) != false, try audit.holds(seq: head.seq, mac: head.mac),
              case .intact = try audit.verify(key: key) else {
            throw VaultError.integrity("the \(name) audit chain in \(location) does not verify (see `piivault audit verify`): not backed up")
        }
        let anchor = try AuditAnchor(chain: name, seq: head.seq, mac: head.mac, at: WallClock.milliseconds(), key: key)
        return String(anchor.line.dropLast())
    }

    /// The chain and record number an anchor line names, or nil for a line that is not an anchor.
    package static func parse(_ line: String) -> (chain: String, seq: Int64)? {
        AuditAnchor(line: Substring(line)).map { ($0.chain, $0.seq) }
    }

    /// Checks that the chain `name` at `location` ends exactly at the anchored record, with its MAC, and
    /// that the anchor is this vault's. Throws `VaultError.integrity` naming the chain otherwise.
    package static func requireHead(_ line: String, chain name: String, at location: String, engine: any StoreEngine,
                                    keysDirectory: String) throws {
        guard let anchor = AuditAnchor(line: Substring(line)), anchor.chain == name else {
            throw VaultError.integrity("the manifest's \(name) audit head is not an anchor of that chain")
        }
        let (audit, key) = try open(name, location, engine, keysDirectory)
        guard try anchor.isAuthentic(under: key) else {
            throw VaultError.integrity("the manifest's \(name) audit head does not verify under this vault's keyring "
                                       + "(altered, or a backup of another vault)")
        }
        let head = try audit.link()
        guard head.seq == anchor.seq, ConstantTime.equals(head.mac, anchor.mac) else {
            throw VaultError.integrity("the \(name) audit chain of the copy ends at record \(head.seq), not at record "
                                       + "\(anchor.seq) as its manifest recorded: the copy was altered after the backup")
        }
    }

    /// Makes `lines` the anchors of the data directory (`audit.anchors`, replaced whole, durably).
    package static func writeLocal(_ lines: [String], dataDirectory: String) throws {
        let anchors = lines.compactMap { AuditAnchor(line: Substring($0)) }
        try AuditAnchorFile.local(dataDirectory: dataDirectory).replace(with: anchors)
    }

    /// What the operator's outside anchor file (`--audit-anchor`) says of the restored chain `name`: nil
    /// when there is no such file or it names no record of the chain; else the newest record it names (later
    /// than the copy's head for any backup older than the file's last line). Throws `VaultError.integrity`
    /// when the copy holds, at a record the file anchors, another record: not an old copy but another chain.
    package static func checkExternal(chain name: String, at location: String, engine: any StoreEngine,
                                      keysDirectory: String) throws -> Int64? {
        guard let file = AuditAnchors.external else { return nil }
        guard let anchors = try file.read() else {
            throw VaultError.configuration("the audit anchor file \(file.path) does not exist")
        }
        let (audit, key) = try open(name, location, engine, keysDirectory)
        let last = try audit.lastSeq()
        var newest: Int64?
        for anchor in anchors where anchor.chain == name {
            guard try anchor.isAuthentic(under: key) else {
                throw VaultError.integrity("the \(name) anchor in \(file.path) does not verify under this vault's keyring")
            }
            newest = max(newest ?? 0, anchor.seq)
            if anchor.seq <= last, !(try audit.holds(seq: anchor.seq, mac: anchor.mac)) {
                throw VaultError.integrity("record \(anchor.seq) of the restored \(name) audit chain is not the one "
                                           + "\(file.path) anchors: the copy is not an older state of this vault's chain")
            }
        }
        return newest
    }

    /// The tag of a backup manifest's text: 16 bytes of HMAC-SHA-256 under a key derived from the control
    /// keyring's audit key, so nobody without the keyring can edit a manifest (its start time decides which
    /// ledger lines a restore re-applies; its checksums, which files it accepts).
    package static func manifestTag(_ text: [UInt8], keysDirectory: String) throws -> [UInt8] {
        let keyring: Keyring
        do {
            keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: ControlStore.keyringName)
        } catch CryptoError.missingKeyring(let path, _) {
            // A backup's data was sealed under existing keys: a new keyring would never open it.
            throw VaultError.keys("keyring \(path) is missing: give --keys-dir the keys this vault was made with (restore "
                                  + "them from your keyring backup); a new keyring could never open its data")
        } catch {
            throw VaultError.keys("\(error)")
        }
        var raw = try keyring.chainKey.authenticate(Array("piivault/v1/backup-manifest".utf8))
        defer { SecureBytes.wipe(&raw) }
        return Array(try HMACKey(SymmetricKey(copying: raw)).authenticate(text).prefix(16))
    }

    private static func open(_ name: String, _ location: String, _ engine: any StoreEngine,
                             _ keysDirectory: String) throws -> (any AuditTable, HMACKey) {
        // The table keeps its connection open for as long as it is used.
        let keyring = try VaultKeyring.load(AuditFiles.keyringName(of: name), keysDirectory: keysDirectory,
                                            store: location, engine: engine)
        let connection = try engine.openChain(at: location)
        return (connection.tables.audit, keyring.chainKey)
    }
}
