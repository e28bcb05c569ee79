import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Vault
import VaultStore

/// `piivault backup`: a consistent copy of each database of a data directory (SQLite's online backup API,
/// safe beside a running server), the deletion ledger, and a manifest written last. Never a keyring.
enum BackupCommand {
    static func run(_ options: BackupOptions, print: (String) -> Void) throws {
        let engine = try StoreWiring.engine(options.stores)
        try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        if let missing = try AuditFiles.anchoredButMissing(dataDirectory: options.dataDirectory, engine: engine).first {
            throw BackupError("the \(missing.name) audit chain is anchored in \(options.dataDirectory) but its store is not at "
                              + "\(missing.path): give --store (or --control-store) when it is on PostgreSQL; nothing was copied")
        }
        for chain in AuditFiles.chains(dataDirectory: options.dataDirectory, engine: engine) {
            try AuditFiles.checkKeyring(chain, keysDirectory: options.keysDirectory)
        }
        try BackupFiles.requireEmpty(options.to, option: "--to")
        do {
            try copy(options, engine: engine, print: print)
        } catch {
            // Nothing half-made left behind: the directory was empty, so all in it is this run's.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: options.to)) ?? [] {
                try? FileManager.default.removeItem(atPath: options.to + "/" + name)
            }
            throw error
        }
    }

    private static func copy(_ options: BackupOptions, engine: any StoreEngine, print: (String) -> Void) throws {
        let started = WallClock.milliseconds()
        var chains: [String: String] = [:]
        var onPostgreSQL: [String] = []
        for kind in [StoreKind.control] + Region.allCases.map(StoreKind.region) + [.setup] {
            let location = engine.location(of: kind, dataDirectory: options.dataDirectory)
            if engine.isShared(location) {
                onPostgreSQL.append(kind.name)
            } else {
                chains[(location as NSString).lastPathComponent] = kind.name
            }
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: options.dataDirectory)) ?? [])
            .filter { $0.hasSuffix(".sqlite") && BackupManifest.isAllowedName($0) }.sorted()
        var files: [BackupManifest.File] = []
        for name in names {
            let file = try copyDatabase(name, chain: chains[name], options: options)
            files.append(file)
            print("copied \(name): \(file.bytes) bytes, schema \(file.schemaVersion ?? 0)"
                  + (file.auditHead.flatMap(BackupAnchors.parse).map { ", audit chain \($0.chain) at record \($0.seq)" } ?? ""))
        }
        let ledger = options.dataDirectory + "/" + DeletionLedger.localName
        if FileManager.default.fileExists(atPath: ledger) {
            let partial = options.to + "/" + DeletionLedger.localName + ".partial"
            let (bytes, sha) = try BackupFiles.copy(ledger, to: partial)
            try rename(partial, to: options.to + "/" + DeletionLedger.localName)
            files.append(BackupManifest.File(name: DeletionLedger.localName, bytes: bytes, sha256: sha))
            print("copied \(DeletionLedger.localName): \(bytes) bytes")
        }
        for name in onPostgreSQL {
            print("not copied: the \(name) store is on PostgreSQL; back it up with pg_basebackup and WAL archiving (docs/backup.md)")
        }
        let manifest = BackupManifest(startedAt: started, finishedAt: WallClock.milliseconds(), files: files, postgreSQL: onPostgreSQL)
        try BackupFiles.writeDurably(try manifest.serialized(keysDirectory: options.keysDirectory),
                                     to: options.to + "/" + BackupManifest.fileName)
        print("backup complete: \(options.to)/\(BackupManifest.fileName) (started \(RFC3339.format(milliseconds: started)))")
        print("the keyrings are not in it: back up \(options.keysDirectory) separately, and keep the two apart (docs/backup.md)")
    }

    /// One database: snapshot to a temporary name, read its schema version and audit head from the copy (so
    /// the manifest describes exactly what was copied), checksum, then the final name.
    private static func copyDatabase(_ name: String, chain: String?, options: BackupOptions) throws -> BackupManifest.File {
        let source = options.dataDirectory + "/" + name
        let partial = options.to + "/" + name + ".partial"
        do {
            try Database(path: source, mode: .readOnly).backup(to: partial)
        } catch let error as DatabaseError {
            throw BackupError("cannot back up \(source): \(error.message)")
        }
        let schema: Int64
        do { schema = try Database(path: partial, mode: .readOnly).scalarInt("PRAGMA user_version") } catch {
            throw BackupError("cannot read the copy \(partial): \(error)")
        }
        let head = try chain.map {
            try BackupAnchors.headLine(chain: $0, at: partial, engine: StoreWiring.engine, keysDirectory: options.keysDirectory)
        }
        let (bytes, sha) = try BackupFiles.checksum(partial)
        try rename(partial, to: options.to + "/" + name)
        return BackupManifest.File(name: name, bytes: bytes, sha256: sha, schemaVersion: schema, auditHead: head)
    }

    private static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw BackupError("cannot rename \(from) to \(to)") }
        BackupFiles.syncDirectory(of: to)
    }
}
