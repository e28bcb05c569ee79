import Foundation
import Logging
import Vault

/// The deletion ledgers a restore re-applies: the backup's own copy of `deletions.ledger` (deletions made
/// while the backup ran may be missing from a database copied before them) and every `--ledger FILE`. Lines
/// dated at or after the backup's start, less `margin` (nodes' clocks differ a little; re-applying a
/// deletion the copy already has changes nothing), go through `Vault.reapply`; lines that do not verify
/// under their region's keyring are reported and never applied.
struct RestoreLedgers {
    /// Deletions up to this long before the backup's start are re-applied too.
    static let margin = ClockSkew.toleranceMilliseconds

    let manifest: BackupManifest
    let staging: String
    let options: RestoreOptions
    /// The data directory's files, and the stores on PostgreSQL `--store`/`--control-store` name.
    let engine: any StoreEngine

    func apply(print: (String) -> Void) throws {
        let own = staging + "/" + DeletionLedger.localName
        var sources: [(label: String, path: String)] = []
        if FileManager.default.fileExists(atPath: own) { sources.append(("the backup's \(DeletionLedger.localName)", own)) }
        sources += options.ledgers.map { ($0, $0) }
        let cutoff = (options.ledgerSince.map { min($0, manifest.startedAt) } ?? manifest.startedAt) - Self.margin
        var selected: [(entry: DeletionLedgerEntry, origin: String)] = []
        var seen = Set<DeletionLedgerEntry>()
        var older = 0
        for source in sources {
            guard let lines = try DeletionLedger.read(path: source.path) else {
                throw BackupError("the deletion ledger \(source.path) does not exist (a mistyped --ledger must not skip deletions quietly)")
            }
            for (number, entry) in lines {
                guard let entry else {
                    print("line \(number) of \(source.label) is not a deletion ledger line: not applied")
                    continue
                }
                guard entry.at >= cutoff else { older += 1; continue }
                if seen.insert(entry).inserted { selected.append((entry, "line \(number) of \(source.label)")) }
            }
        }
        if options.ledgers.isEmpty {
            print("no --ledger given: only the backup's own ledger was applied; deletions made after the backup was taken "
                  + "were NOT re-applied (give the ledger kept outside the data directory with --ledger FILE)")
        }
        let counts = try reapply(selected.sorted { $0.entry.at < $1.entry.at }, print: print)
        print("deletion ledgers (\(sources.map(\.label).joined(separator: ", "))): \(selected.count) deletions at or after "
              + "\(RFC3339.format(milliseconds: cutoff)) (\(options.ledgerSince == nil ? "the backup's start" : "--ledger-since or the backup's start") less \(Self.margin / 60_000) minutes): "
              + "\(counts.deleted) re-applied, \(counts.gone) already gone, \(counts.refused) refused, \(counts.elsewhere) "
              + "of regions not in this backup; \(older) older lines skipped (the backup holds them already)")
    }

    private struct Counts {
        var deleted = 0, gone = 0, refused = 0, elsewhere = 0
    }

    /// Applies `entries` in a vault opened on the staging directory, then appends the ones it applied to the
    /// restored `deletions.ledger`, so that ledger still covers every deletion since the backup.
    private func reapply(_ entries: [(entry: DeletionLedgerEntry, origin: String)], print: (String) -> Void) throws -> Counts {
        var counts = Counts()
        let regions = Region.allCases.filter { engine.exists(engine.location(of: .region($0), dataDirectory: staging)) }
        guard !entries.isEmpty else { return counts }
        guard let first = regions.first else {
            counts.elsewhere = entries.count
            return counts
        }
        var configuration = VaultConfiguration(dataDirectory: staging, keysDirectory: options.keysDirectory, regions: regions,
                                               defaultRegion: first)
        configuration.deletionLedgerCopy = nil
        let vault = try Vault(configuration: configuration, engine: engine)
        defer { vault.close() }
        let known = Set(((try DeletionLedger.read(path: staging + "/" + DeletionLedger.localName)) ?? []).compactMap(\.entry))
        let requestID = "restore-\(WallClock.milliseconds())"
        for (entry, origin) in entries {
            guard let authentic = try vault.verifies(entry) else {
                counts.elsewhere += 1
                continue
            }
            guard authentic else {
                counts.refused += 1
                print("\(origin) does not verify under the \(entry.region.code) keyring: not applied (altered, or another vault's)")
                continue
            }
            switch try vault.reapply(entry, requestID: requestID) {
            case .deleted: counts.deleted += 1
            case .alreadyGone: counts.gone += 1
            }
            if !known.contains(entry) {
                try DeletionLedger.append(entry.line, to: staging + "/" + DeletionLedger.localName)
            }
        }
        return counts
    }
}
