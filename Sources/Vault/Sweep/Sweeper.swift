import Foundation
import VaultCrypto
import VaultStore

/// Removes what has expired and finishes deletion requests, in every region whose database is in the data
/// directory: expired tokens, expired data entries, and the tombstones of deleted profiles (whose keys,
/// fields and addresses went at the request). Safe next to a running server: it works through its own
/// connection in small batches, one short transaction each, so the server's writer waits milliseconds at
/// most; and a lock file makes a second sweep wait for the first, which leaves it nothing to count twice.
/// With `secure_delete` on, removed rows are zeroed in the database pages; a final checkpoint empties the WAL
/// so no copy of them stays in the log either.
public struct Sweeper: Sendable {
    public let dataDirectory: String
    public let keysDirectory: String
    /// Milliseconds since the epoch to sweep as of.
    public let now: Int64
    public let dryRun: Bool
    public var tokenTTLMilliseconds = VaultConfiguration.defaultTokenTTLMilliseconds
    /// Rows per transaction; data entries (large) go fewer at a time.
    public var batchRows = 2_000
    public var batchBlobs = 20

    public init(dataDirectory: String, keysDirectory: String, now: Int64, dryRun: Bool) {
        self.dataDirectory = dataDirectory
        self.keysDirectory = keysDirectory
        self.now = now
        self.dryRun = dryRun
    }

    /// Sweeps each region present, holding the data directory's sweep lock; `report` gets each region's
    /// result as soon as it is done.
    public func run(report: (SweepReport) -> Void) throws {
        let lock = try FileLock(path: dataDirectory + "/sweep.lock")
        defer { lock.release() }
        for region in Region.allCases {
            let path = RegionStore.databasePath(dataDirectory: dataDirectory, region: region)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            report(try sweep(region, path: path))
        }
    }

    private func sweep(_ region: Region, path: String) throws -> SweepReport {
        let started = WallClock.milliseconds()
        let keyring = try VaultKeyring.load(region.code, keysDirectory: keysDirectory, database: path)
        let database: Database
        do {
            database = try Database(path: path)
            try RegionSchema.migrate(database, region: region)
            try KeyringBinding.bind(database, to: keyring, purpose: region.code,
                                    keyringPath: KeyringFile.path(keysDirectory: keysDirectory, region: region.code))
        } catch let error as DatabaseError {
            throw VaultError.store("cannot open \(path): \(error.message)")
        }
        var report = SweepReport(region: region, dryRun: dryRun)
        let tokenCutoff = ULID(high: UInt64(max(0, now - tokenTTLMilliseconds)) << 16, low: 0).bytes
        let steps: [(count: String, delete: String, value: DatabaseValue, batch: Int, into: WritableKeyPath<SweepReport, Int>)] = [
            ("SELECT count(*) FROM tokens WHERE id < ?",
             "DELETE FROM tokens WHERE id IN (SELECT id FROM tokens WHERE id < ? LIMIT ?)",
             .blob(tokenCutoff), batchRows, \.expiredTokens),
            ("SELECT count(*) FROM data_blobs WHERE expires_at <= ?",
             "DELETE FROM data_blobs WHERE number IN (SELECT number FROM data_blobs WHERE expires_at <= ? LIMIT ?)",
             .integer(now), batchBlobs, \.expiredData),
            ("SELECT count(*) FROM profiles WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
             "DELETE FROM profiles WHERE number IN (SELECT number FROM profiles WHERE deleted_at IS NOT NULL AND deleted_at <= ? LIMIT ?)",
             .integer(now), batchRows, \.deletedProfiles),
        ]
        do {
            for step in steps {
                if dryRun {
                    report[keyPath: step.into] = Int(try database.scalarInt(step.count, [step.value]))
                    continue
                }
                while true {
                    let began = WallClock.milliseconds()
                    let removed = try database.inTransaction {
                        try database.withStatement(step.delete) { try $0.run([step.value, .integer(Int64(step.batch))]) }
                        return database.changes
                    }
                    report[keyPath: step.into] += removed
                    if removed < step.batch { break }
                    // Leave the lock free for as long as this batch held it: the server's writer gets its turns.
                    usleep(useconds_t(max(1, WallClock.milliseconds() - began) * 1_000))
                }
            }
            if !dryRun {
                let record = AuditRecord(at: now, requestID: "sweep-\(started)", tenant: "", keyID: "sweeper", operation: "sweep",
                                         records: [], outcome: "removed \(report.expiredTokens) expired tokens, "
                                            + "\(report.expiredData) expired data entries, \(report.deletedProfiles) deleted profiles")
                try database.inTransaction { try AuditChain.append(record, key: keyring.chainKey, in: database) }
                try AuditAnchors.advance(database, chain: region.code, key: keyring.chainKey)
                report.walCheckpointed = (try? database.checkpoint(truncate: true)) != nil
            }
        } catch let error as DatabaseError {
            throw VaultError.store("sweeping \(region.code) failed: \(error.message)")
        }
        report.milliseconds = WallClock.milliseconds() - started
        return report
    }
}
