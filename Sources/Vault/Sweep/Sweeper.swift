import Foundation
import VaultCrypto

/// Removes what has expired and finishes deletion requests, in every region whose store is in the data
/// directory: expired tokens, expired data entries, the tombstones of deleted profiles (whose keys, fields
/// and addresses went at the request), and data keys nothing is sealed under any more (`sweepDataKeys`). Safe next to a running server: it works through its own
/// connection in small batches, one short transaction each, so the server's writer waits milliseconds at
/// most; and a lock file makes a second sweep wait for the first, which leaves it nothing to count twice.
/// With `secure_delete` on, removed rows are zeroed in the database pages; a final checkpoint empties the WAL
/// so no copy of them stays in the log either.
package struct Sweeper: Sendable {
    package let dataDirectory: String
    package let keysDirectory: String
    /// Milliseconds since the epoch to sweep as of.
    package let now: Int64
    package let dryRun: Bool
    package var tokenTTLMilliseconds = VaultConfiguration.defaultTokenTTLMilliseconds
    /// Rows per transaction; data entries (large) go fewer at a time.
    package var batchRows = 2_000
    package var batchBlobs = 20
    let engine: any StoreEngine

    package init(dataDirectory: String, keysDirectory: String, now: Int64, dryRun: Bool, engine: any StoreEngine) {
        self.dataDirectory = dataDirectory
        self.keysDirectory = keysDirectory
        self.now = now
        self.dryRun = dryRun
        self.engine = engine
    }

    /// Sweeps each region present, holding the data directory's sweep lock; `report` gets each region's
    /// result as soon as it is done.
    package func run(report: (SweepReport) -> Void) throws {
        let lock = try FileLock(path: dataDirectory + "/sweep.lock")
        defer { lock.release() }
        for region in Region.allCases {
            let started = WallClock.milliseconds()
            guard let store = try MaintenanceConnection.open(region, dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                                             engine: engine) else { continue }
            report(try sweep(store, started: started))
        }
    }

    private func sweep(_ store: MaintenanceConnection, started: Int64) throws -> SweepReport {
        let (region, location, connection) = (store.region, store.location, store.connection)
        var report = SweepReport(region: region, dryRun: dryRun)
        do {
            guard try connection.lockForSweep() else {
                report.skippedBusy = true
                return report
            }
        } catch let error as StoreError {
            throw VaultError.store("cannot take the sweep lock of \(location): \(error.message)")
        }
        let tokenCutoff = ULID(high: UInt64(max(0, now - tokenTTLMilliseconds)) << 16, low: 0)
        let steps: [(rows: Expired, batch: Int, into: WritableKeyPath<SweepReport, Int>)] = [
            (.tokens(issuedBefore: tokenCutoff), batchRows, \.expiredTokens),
            (.dataEntries(now: now), batchBlobs, \.expiredData),
            (.deletedProfiles(now: now), batchRows, \.deletedProfiles),
        ]
        do {
            for step in steps {
                if dryRun {
                    report[keyPath: step.into] = try connection.tables.expired.count(step.rows)
                    continue
                }
                while true {
                    let began = WallClock.milliseconds()
                    let removed = try connection.transaction { try $0.expired.delete(step.rows, limit: step.batch) }
                    report[keyPath: step.into] += removed
                    if removed < step.batch { break }
                    // Leave the lock free for as long as this batch held it: the server's writer gets its turns.
                    usleep(useconds_t(max(1, WallClock.milliseconds() - began) * 1_000))
                }
            }
            report.deletedDataKeys = try sweepDataKeys(connection, tokenCutoff: tokenCutoff)
            if !dryRun {
                try store.record("sweep", actor: "sweeper", outcome: "removed \(report.expiredTokens) expired tokens, "
                                 + "\(report.expiredData) expired data entries, \(report.deletedProfiles) deleted profiles, "
                                 + "\(report.deletedDataKeys) unused data keys", at: now)
                report.walCheckpointed = connection.truncateLog()
            }
        } catch let error as StoreError {
            throw VaultError.store("sweeping \(region.code) failed: \(error.message)")
        }
        report.milliseconds = WallClock.milliseconds() - started
        return report
    }
}
