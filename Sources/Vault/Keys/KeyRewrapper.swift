#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// `piivault keys rewrap`: seals every key a region's store holds wrapped under an older keyring key again
/// under the primary, beside a running server, so that the older key can be retired. Each batch is one
/// short write transaction that re-wraps its rows compare-and-set (a row changed meanwhile is left as it now
/// is) and moves the durable cursor (`RewrapCursor`) with them: killed at any point, a rerun goes on after
/// the last committed batch, and never re-wraps a row twice (rows under the primary are not selected) nor
/// skips one (the walk is in primary-key order; rows added meanwhile are wrapped under the primary already).
/// Rows that cannot be opened are named, left as they are, and fail the run.
package struct KeyRewrapper {
    package struct Progress: Sendable, Equatable {
        package var processed = 0
        package var total = 0
        package var failed = 0
        package var elapsedMilliseconds: Int64 = 0

        package init() {}
    }

    package struct Outcome: Sendable {
        package var progress: Progress
        package var rewrapped = 0
        /// What could not be re-wrapped: `data key TENANT/ID` or `profile row N`, never an id or a value.
        package var failures: [String] = []

        package init(progress: Progress = Progress()) { self.progress = progress }
    }

    package let region: Region
    package let dataDirectory: String
    package let keysDirectory: String
    /// Keys re-wrapped per second at most; nil for no limit but the pause after each batch.
    package var rate: Int?
    package var batch = 100
    let engine: any StoreEngine

    package init(region: Region, dataDirectory: String, keysDirectory: String, engine: any StoreEngine) {
        self.region = region
        self.dataDirectory = dataDirectory
        self.keysDirectory = keysDirectory
        self.engine = engine
    }

    /// Refused when there is no store of the region (a rewrap that found nothing would let `retire` go on).
    /// `progress` is called after each batch.
    package func run(progress: (Progress) -> Void) throws -> Outcome {
        let lock = try FileLock(path: "\(dataDirectory)/rewrap-\(region.code.lowercased()).lock")
        defer { lock.release() }
        guard let store = try MaintenanceConnection.open(region, dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                                         engine: engine) else {
            throw MaintenanceConnection.missing(region, dataDirectory: dataDirectory, engine: engine, doing: "re-wrap")
        }
        let started = WallClock.milliseconds()
        let primary = store.keyring.primaryID
        // A batch is one burst: under a low --rate it must not be larger than a second's worth.
        let limit = rate.map { min(batch, max(1, $0)) } ?? batch
        var outcome = Outcome(progress: Progress())
        do {
            outcome.progress.total = try store.rowsByKey().filter { $0.key != primary }.values.reduce(0, +)
            var cursor = try store.connection.tables.wrappedKeys.rewrapCursor().flatMap(RewrapCursor.init(text:)).flatMap { $0.primary == primary ? $0 : nil }
            try store.record("keys.rewrap", actor: "keys-rewrap", outcome: "started: \(outcome.progress.total) keys to re-wrap "
                             + "under \(Hex.encode(primary))" + (cursor == nil ? "" : ", resuming"), at: started)
            for kind in WrappedKeyKind.allCases {
                if let at = cursor, WrappedKeyKind.allCases.firstIndex(of: at.kind)! > WrappedKeyKind.allCases.firstIndex(of: kind)! {
                    continue
                }
                var position = cursor?.kind == kind ? cursor?.position : nil
                while true {
                    let began = WallClock.milliseconds()
                    let (done, next) = try rewrapBatch(kind, after: position, limit: limit, in: store, outcome: &outcome)
                    outcome.progress.elapsedMilliseconds = WallClock.milliseconds() - started
                    guard done > 0, let next else { break }
                    progress(outcome.progress)
                    position = next
                    cursor = RewrapCursor(primary: primary, kind: kind, position: next)
                    pause(batchTook: WallClock.milliseconds() - began, done: outcome.progress.processed, since: started)
                }
            }
            try store.connection.transaction { try $0.wrappedKeys.setRewrapCursor(nil) }
        } catch let error as StoreError {
            throw VaultError.store("re-wrapping \(region.code) failed: \(error.message) (run it again to resume)")
        }
        try store.record("keys.rewrap", actor: "keys-rewrap", outcome: "finished: \(outcome.rewrapped) re-wrapped under "
                         + "\(Hex.encode(primary)), \(outcome.failures.count) failed", at: WallClock.milliseconds())
        return outcome
    }

    /// One transaction: the next rows of `kind`, each re-wrapped and replaced compare-and-set, and the cursor.
    private func rewrapBatch(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, limit: Int,
                             in store: MaintenanceConnection, outcome: inout Outcome) throws -> (Int, WrappedKeyPosition?) {
        let keyring = store.keyring
        let (count, last, rewrapped, failures) = try store.connection.transaction { tables in
            let rows = try tables.wrappedKeys.batch(kind, after: position, notUnder: keyring.primaryID, limit: limit)
            var rewrapped = 0
            var failures: [String] = []
            for row in rows {
                let fresh: [UInt8]?
                do {
                    fresh = try keyring.rewrap(row.wrapped, authenticating: associatedData(of: row))
                } catch {
                    failures.append(Self.name(of: row))
                    continue
                }
                if let fresh, try tables.wrappedKeys.replace(row, with: fresh) { rewrapped += 1 }
            }
            if let last = rows.last {
                try tables.wrappedKeys.setRewrapCursor(RewrapCursor(primary: keyring.primaryID, kind: kind,
                                                                    position: last.position).text)
            }
            return (rows.count, rows.last?.position, rewrapped, failures)
        }
        outcome.progress.processed += count
        outcome.progress.failed += failures.count
        outcome.rewrapped += rewrapped
        outcome.failures += failures
        return (count, last)
    }

    private func associatedData(of row: WrappedKey) -> [UInt8] {
        switch row.owner {
        case .dataKey(let tenant, let id): DataKeyCache.associatedData(region, tenant, id)
        case .profile(_, let id, let tenant): ProfileCrypto.keyData(region, tenant, id)
        }
    }

    static func name(of row: WrappedKey) -> String {
        switch row.owner {
        case .dataKey(let tenant, let id): "data key \(tenant)/\(Hex.encode(id))"
        case .profile(let number, _, _): "profile row \(number)"
        }
    }

    /// Leaves the store to the server for at least as long as the batch held it, and longer when `rate` says so.
    private func pause(batchTook: Int64, done: Int, since started: Int64) {
        var wait = max(1, batchTook)
        if let rate, rate > 0 {
            let due = Int64(done) * 1_000 / Int64(rate)
            wait = max(wait, due - (WallClock.milliseconds() - started))
        }
        usleep(useconds_t(min(wait, 10_000) * 1_000))
    }
}
