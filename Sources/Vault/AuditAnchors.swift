import Foundation
import Locking
import VaultCrypto

/// Keeps each audit chain tied to anchors outside its store (see `AuditAnchor`): every process that opens a
/// chain to write checks it against them first, and anchors move forward only from a chain that still holds
/// the record they named. So a wiped chain, a cut tail or an older copy of the database is refused at start
/// and reported by `audit verify`, instead of restarting quietly at record 1. The anchor files live in the
/// data directory (`dataDirectory` below: the one the store's files are in).
package enum AuditAnchors {
    private static let externalFile = Locked<AuditAnchorFile?>(nil)

    /// The operator's own anchor file (`--audit-anchor FILE`), kept beside the data directory's; set once at
    /// start, before any store opens.
    package static func useExternalFile(_ path: String?) {
        externalFile.withLock { $0 = path.map { AuditAnchorFile(path: $0, appendOnly: true) } }
    }

    static var external: AuditAnchorFile? { externalFile.withLock { $0 } }

    /// The data directory's anchor file, then the operator's outside one if set: every file a check reads.
    static func files(dataDirectory: String) -> [AuditAnchorFile] {
        [AuditAnchorFile.local(dataDirectory: dataDirectory)] + (external.map { [$0] } ?? [])
    }

    /// Processes updating the anchors of one data directory take turns.
    private static func lock(_ directory: String) throws -> FileLock {
        try FileLock(path: directory + "/" + AuditAnchorFile.localName + ".lock")
    }

    /// At the open of a chain's database for writing, inside the binding transaction: refuses a chain that
    /// lost records an anchor names; anchors a chain seen for the first time (`firstOpen`, when its
    /// keyring binding is being recorded). A chain opened before whose local anchor is gone is refused:
    /// removing the anchor file must not be a way to start over.
    static func admit(_ audit: any AuditTable, chain: String, key: HMACKey, firstOpen: Bool, dataDirectory: String) throws {
        let directory = normalized(dataDirectory)
        let lock = try lock(directory)
        defer { lock.release() }
        let local = AuditAnchorFile.local(dataDirectory: directory)
        var anchoredLocally = false
        for file in files(dataDirectory: directory) {
            guard let newest = try newestAnchor(of: chain, in: file, key: key) else { continue }
            if !file.appendOnly { anchoredLocally = true }
            if let problem = try problem(with: newest, in: audit, file: file) { throw VaultError.integrity(problem + advice) }
        }
        guard !anchoredLocally else { return }
        guard firstOpen else {
            throw VaultError.integrity("the \(chain) audit chain has no anchor in \(local.path) although it was anchored "
                                       + "before (the anchor file was removed or replaced)" + advice)
        }
        try write(headAnchor(audit, chain: chain, key: key), local: local, replacingIn: try local.read() ?? [])
    }

    /// Anchors the chain's current head, if it moved. Throws, writing nothing, when the chain no longer
    /// holds the anchored record: the evidence stays in the anchor file.
    package static func advance(_ audit: any AuditTable, chain: String, key: HMACKey, dataDirectory: String) throws {
        let directory = normalized(dataDirectory)
        let lock = try lock(directory)
        defer { lock.release() }
        let local = AuditAnchorFile.local(dataDirectory: directory)
        let anchors = try local.read() ?? []
        if let newest = try newestAnchor(of: chain, in: anchors, file: local, key: key) {
            if let problem = try problem(with: newest, in: audit, file: local) { throw VaultError.integrity(problem) }
            let head = try audit.link()
            if head.seq == newest.seq {
                try catchUpExternal(with: newest, key: key)
                return
            }
        }
        try write(headAnchor(audit, chain: chain, key: key), local: local, replacingIn: anchors)
    }

    /// What `audit verify` adds to a chain's own check: each anchor file's verdict on it.
    static func verify(_ tables: any ChainTables, chain: String, key: HMACKey, dataDirectory: String) throws -> AuditChain.Verdict? {
        let directory = normalized(dataDirectory)
        let audit = tables.audit
        let local = AuditAnchorFile.local(dataDirectory: directory)
        if let external, try external.read() == nil {
            // A mistyped path (or a removed file) must not quietly turn the rollback check off.
            return .broken(seq: 0, reason: "the audit anchor file \(external.path) does not exist")
        }
        for file in files(dataDirectory: directory) {
            do {
                if let newest = try newestAnchor(of: chain, in: file, key: key),
                   let problem = try problem(with: newest, in: audit, file: file) {
                    return .broken(seq: min(newest.seq, try audit.lastSeq() + 1), reason: problem)
                }
            } catch let error as VaultError {
                return .broken(seq: 0, reason: error.description)
            }
        }
        if try KeyringBinding.isBound(tables, purpose: chain), try newestAnchor(of: chain, in: local, key: key) == nil {
            return .broken(seq: 0, reason: "no anchor for this chain in \(local.path) (the anchor file was removed or replaced)")
        }
        return nil
    }

    private static let advice = ": the vault was not opened (see `piivault audit verify`; to serve a restored backup on purpose, "
        + "restore its audit.anchors with it and move an --audit-anchor file aside)"

    private static func newestAnchor(of chain: String, in file: AuditAnchorFile, key: HMACKey) throws -> AuditAnchor? {
        try newestAnchor(of: chain, in: try file.read() ?? [], file: file, key: key)
    }

    /// The anchor of `chain` with the highest seq: replaying an older line of an append-only file hides nothing.
    private static func newestAnchor(of chain: String, in anchors: [AuditAnchor], file: AuditAnchorFile,
                                     key: HMACKey) throws -> AuditAnchor? {
        var newest: AuditAnchor?
        for anchor in anchors where anchor.chain == chain {
            guard try anchor.isAuthentic(under: key) else {
                throw VaultError.integrity("the \(chain) anchor in \(file.path) does not verify under this vault's keyring "
                                           + "(altered, or from another vault)")
            }
            if anchor.seq >= newest?.seq ?? -1 { newest = anchor }
        }
        return newest
    }

    /// Why the database no longer matches `anchor`, or nil when it still holds the anchored record.
    private static func problem(with anchor: AuditAnchor, in audit: any AuditTable, file: AuditAnchorFile) throws -> String? {
        let last = try audit.lastSeq()
        if last < anchor.seq {
            return "the \(anchor.chain) audit chain ends at record \(last) but its anchor in \(file.path) names record "
                + "\(anchor.seq): records were removed (chain wiped, tail cut, or the database rolled back to an older copy)"
        }
        guard try audit.holds(seq: anchor.seq, mac: anchor.mac) else {
            return "record \(anchor.seq) of the \(anchor.chain) audit chain is not the one anchored in \(file.path): "
                + "the database was replaced by another copy"
        }
        return nil
    }

    /// An anchor of the chain's head, refused if the head row is not the chain's own (a forged head must
    /// not become an anchor).
    private static func headAnchor(_ audit: any AuditTable, chain: String, key: HMACKey) throws -> AuditAnchor {
        let head = try audit.link()
        guard try audit.headIsKeyed(by: key) != false, try audit.holds(seq: head.seq, mac: head.mac) else {
            throw VaultError.integrity("the \(chain) audit chain's head does not match its records (see `piivault audit verify`)")
        }
        return try AuditAnchor(chain: chain, seq: head.seq, mac: head.mac, at: WallClock.milliseconds(), key: key)
    }

    private static func write(_ anchor: AuditAnchor, local: AuditAnchorFile, replacingIn anchors: [AuditAnchor]) throws {
        try local.replace(with: anchors.filter { $0.chain != anchor.chain } + [anchor])
        guard let external else { return }
        try external.append(anchor)
        externalSeqs.withLock { $0[external.path + "\0" + anchor.chain] = anchor.seq }
    }

    /// The newest seq of each chain known to be in the outside file (by path and chain): read once per
    /// process, then kept, so a server does not reread a growing file every second.
    private static let externalSeqs = Locked<[String: Int64]>([:])

    /// A chain that has not moved since the outside file was configured would otherwise never reach it, and
    /// a rollback of the whole data directory would take that chain back unseen: append its current anchor.
    private static func catchUpExternal(with anchor: AuditAnchor, key: HMACKey) throws {
        guard let external else { return }
        let slot = external.path + "\0" + anchor.chain
        if let known = externalSeqs.withLock({ $0[slot] }), known >= anchor.seq { return }
        if let newest = try newestAnchor(of: anchor.chain, in: external, key: key), newest.seq >= anchor.seq {
            externalSeqs.withLock { $0[slot] = newest.seq }
            return
        }
        try external.append(anchor)
        externalSeqs.withLock { $0[slot] = anchor.seq }
    }

    /// The data directory as its stores' paths name it (`data/` and `data` alike), so the anchor files and
    /// the lock are named the same however the directory was given.
    private static func normalized(_ dataDirectory: String) -> String {
        let directory = ((dataDirectory + "/store") as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
}
