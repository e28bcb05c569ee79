import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Vault

/// `piivault restore`: a backup back into a new data directory, checked before, during and after. The work
/// happens in `NEW.restoring` beside the target and ends with one rename, so a server pointed at NEW finds
/// either nothing or the whole, checked, restored vault; a failed restore removes its staging directory.
enum RestoreCommand {
    static func run(_ options: RestoreOptions, print: (String) -> Void) throws {
        let target = trimmed(options.dataDirectory)
        try BackupFiles.requireEmpty(target, option: "--data-dir", create: false)
        let manifest = try checkedManifest(options)
        print("checked \(options.from)/\(BackupManifest.fileName): \(manifest.files.count) files, each size and SHA-256 "
              + "as recorded; backup started \(RFC3339.format(milliseconds: manifest.startedAt)) by piivault \(manifest.version)")
        if let from = realpath(options.from, nil) {
            defer { free(from) }
            let parent = (target as NSString).deletingLastPathComponent
            if let real = realpath(parent.isEmpty ? "." : parent, nil) {
                defer { free(real) }
                let (inside, backup) = (String(cString: real) + "/", String(cString: from) + "/")
                guard !inside.hasPrefix(backup) else { throw BackupError("--data-dir \(target) is inside the backup \(options.from)") }
            }
        }
        let staging = target + ".restoring"
        // One restore into a target at a time: a second one is told so, not sent to remove the first's work.
        let lockPath = target + ".restoring.lock"
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw BackupError("cannot create \(lockPath)") }
        defer { close(lock); unlink(lockPath) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { throw BackupError("another restore into \(target) is running") }
        guard access(staging, F_OK) != 0 else {
            throw BackupError("\(staging) exists: a restore that did not finish left it; remove it and run restore again")
        }
        try BackupFiles.requireEmpty(staging, option: "the staging directory")
        do {
            try restore(manifest, into: staging, options: options, print: print)
            guard rename(staging, target) == 0 else { throw BackupError("cannot rename \(staging) to \(target)") }
            BackupFiles.syncDirectory(of: target)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        for name in manifest.postgreSQL where !isNamed(name, in: options.stores) {
            print("not restored: the \(name) store was on PostgreSQL; recover it with PostgreSQL's own tools (docs/backup.md), "
                  + "then run restore again with its --store/--control-store option (the ledgers' deletions are re-applied there)")
        }
        print("restored into \(target): serve it with --data-dir \(target)")
    }

    /// The manifest, authenticated, with every file it lists present with its recorded size and SHA-256.
    private static func checkedManifest(_ options: RestoreOptions) throws -> BackupManifest {
        let path = options.from + "/" + BackupManifest.fileName
        guard let text = FileManager.default.contents(atPath: path) else {
            throw BackupError("\(path) is missing: \(options.from) is not a finished piivault backup")
        }
        let manifest: BackupManifest
        do { manifest = try BackupManifest(parsing: Array(text), keysDirectory: options.keysDirectory) } catch let error as ManifestError {
            throw BackupError("\(path): \(error)")
        }
        for file in manifest.files {
            let (bytes, sha) = try BackupFiles.checksum(options.from + "/" + file.name)
            guard bytes == file.bytes, sha == file.sha256 else {
                throw BackupError("\(options.from)/\(file.name) is not the file the manifest recorded (size or SHA-256 differs): "
                                  + "the backup was damaged or altered; nothing was restored")
            }
        }
        return manifest
    }

    private static func restore(_ manifest: BackupManifest, into staging: String, options: RestoreOptions,
                                print: (String) -> Void) throws {
        let engine = StoreWiring.engine
        let chains = Dictionary(uniqueKeysWithValues: ([StoreKind.control] + Region.allCases.map(StoreKind.region) + [.setup]).map {
            ((engine.location(of: $0, dataDirectory: staging) as NSString).lastPathComponent, $0.name)
        })
        var heads: [String] = []
        for file in manifest.files {
            let copy = staging + "/" + file.name
            let (bytes, sha) = try BackupFiles.copy(options.from + "/" + file.name, to: copy)
            guard bytes == file.bytes, sha == file.sha256 else { throw BackupError("\(options.from)/\(file.name) changed while it was copied") }
            guard let chain = chains[file.name] else { continue }
            guard let head = file.auditHead, BackupAnchors.parse(head)?.chain == chain else {
                throw BackupError("the manifest records no \(chain) audit head for \(file.name)")
            }
            try BackupAnchors.requireHead(head, chain: chain, at: copy, engine: engine, keysDirectory: options.keysDirectory)
            heads.append(head)
            print("restored \(file.name): audit chain \(chain) ends at record \(BackupAnchors.parse(head)!.seq), as the manifest recorded")
        }
        BackupFiles.syncDirectory(of: staging + "/x")
        try BackupAnchors.writeLocal(heads, dataDirectory: staging)
        try checkOutsideAnchors(heads, staging: staging, options: options, print: print)
        // The restored chains are anchored in the new directory; the outside file (checked above) names
        // newer records of the old chains and would refuse every open from here on.
        AuditAnchors.useExternalFile(nil)
        // From here on the stores on PostgreSQL (already recovered) take part too.
        let stores = try StoreWiring.engine(options.stores)
        try RestoreLedgers(manifest: manifest, staging: staging, options: options, engine: stores).apply(print: print)
        for region in Region.allCases {
            let erased = try RetiredKeyErasure.run(region, dataDirectory: staging, keysDirectory: options.keysDirectory,
                                                   engine: stores, now: WallClock.milliseconds())
            if erased > 0 {
                print("erased \(erased) \(region.code) profiles whose keys were wrapped under retired keyring keys "
                      + "(they could never be opened again: docs/erasure.md)")
            }
        }
        try sweepAndAnchor(staging, options: options, engine: stores, print: print)
        let (lines, intact) = AuditCommand.verifyChains(dataDirectory: staging, keysDirectory: options.keysDirectory, engine: stores)
        for line in lines { print("audit verify: " + line.replacingOccurrences(of: staging, with: trimmed(options.dataDirectory))) }
        guard intact else { throw BackupError("the restored vault does not pass `piivault audit verify` (above): nothing was restored") }
    }

    /// With `--audit-anchor FILE`: each restored chain must be an earlier state of the chain FILE anchors.
    private static func checkOutsideAnchors(_ heads: [String], staging: String, options: RestoreOptions,
                                            print: (String) -> Void) throws {
        var ahead: [String] = []
        for head in heads {
            guard let (chain, seq) = BackupAnchors.parse(head) else { continue }
            let location = StoreWiring.engine.location(of: kind(named: chain), dataDirectory: staging)
            guard let newest = try BackupAnchors.checkExternal(chain: chain, at: location, engine: StoreWiring.engine,
                                                               keysDirectory: options.keysDirectory) else { continue }
            print("the \(chain) chain agrees with the outside anchor file (it anchors record \(newest), the backup ends at \(seq))")
            if newest > seq { ahead.append(chain) }
        }
        if !ahead.isEmpty {
            print("the outside anchor file names later records of \(ahead.joined(separator: ", ")) than this backup holds: serve "
                  + "the restored vault with a new --audit-anchor file, and keep the old one (it records the chains as they were)")
        }
    }

    /// Expired tokens and data entries of the copy are removed before it can serve, and the chains the
    /// restore and the sweep wrote to are anchored at their new heads.
    private static func sweepAndAnchor(_ staging: String, options: RestoreOptions, engine: any StoreEngine,
                                       print: (String) -> Void) throws {
        let now = WallClock.milliseconds()
        try Sweeper(dataDirectory: staging, keysDirectory: options.keysDirectory, now: now, dryRun: false,
                    engine: engine).run { print("swept " + SweepCommand.line($0, now: now)) }
        let regions = Region.allCases.filter { engine.exists(engine.location(of: .region($0), dataDirectory: staging)) }
        let failures = Failures()
        let keeper = try AuditAnchorKeeper(dataDirectory: staging, keysDirectory: options.keysDirectory, regions: regions,
                                           engine: engine, interval: 3_600) { chain, error in failures.add(chain + ": " + error) }
        keeper.close()
        if let first = failures.first { throw BackupError("cannot anchor the restored audit chains: \(first)") }
    }

    /// Whether `--store`/`--control-store` name the store the manifest calls `name` (the set-up data goes
    /// with the control store).
    private static func isNamed(_ name: String, in stores: StoreOptions) -> Bool {
        if let region = Region(code: name) { return stores.regions[region] != nil }
        return stores.control != nil
    }

    private static func kind(named chain: String) -> StoreKind {
        if let region = Region(code: chain) { return .region(region) }
        return chain == StoreKind.setup.name ? .setup : .control
    }

    /// `new/` and `new` name the same directory; the staging directory is its sibling either way.
    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

/// Errors reported from the anchor keeper's thread.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var first: String? { lock.lock(); defer { lock.unlock() }; return messages.first }
}
