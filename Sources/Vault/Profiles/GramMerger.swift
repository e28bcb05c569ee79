import Locking
import Synchronization
import VaultStore

/// Moves the recent tier of the gram index into the main tier (see `GramIndex`) once it holds `limit`
/// rows: one writer job reads the rows, then jobs of `sliceRows` postings each insert them in key order,
/// then a last job removes the rows it merged. Each job is short, so writes queued behind it wait
/// milliseconds, not the whole merge. A crash mid-merge loses nothing: the recent rows stay until the last
/// job, and the next merge inserts again what is already there (`INSERT OR IGNORE`).
final class GramMerger: Sendable {
    /// What one merge read: the postings in key order, and each row's profile, version and grams.
    private final class Snapshot: Sendable {
        let postings: [(tenant: String, gram: Int64, profile: Int64)]
        let rows: [(profile: Int64, tenant: String, version: Int64, grams: [Int64])]

        init(postings: [(tenant: String, gram: Int64, profile: Int64)],
             rows: [(profile: Int64, tenant: String, version: Int64, grams: [Int64])]) {
            self.postings = postings
            self.rows = rows
        }
    }

    private struct State {
        var pending: Int
        var merging = false
    }

    private let writer: GroupCommitWriter
    private let limit: Int
    private let sliceRows = 4_096
    private let state: Locked<State>
    /// Merges completed since start (tests wait on it).
    let merges = Atomic<Int>(0)

    init(writer: GroupCommitWriter, limit: Int, pending: Int) {
        self.writer = writer
        self.limit = limit
        state = Locked(State(pending: pending))
    }

    /// Called after a commit that wrote a recent row; starts a merge when the tier is full.
    func noteRecentRow() {
        let start = state.withLock { state -> Bool in
            state.pending += 1
            guard state.pending >= limit, !state.merging else { return false }
            state.merging = true
            return true
        }
        if start { begin() }
    }

    private func begin() {
        let taken = Locked<Snapshot?>(nil)
        let submitted = writer.submit({ database in
            var postings: [(tenant: String, gram: Int64, profile: Int64)] = []
            var rows: [(profile: Int64, tenant: String, version: Int64, grams: [Int64])] = []
            try database.withStatement("SELECT profile, tenant, version, grams FROM profile_grams_recent") { s in
                while try s.step() {
                    let row = (profile: s.int64(0), tenant: s.text(1), version: s.int64(2), grams: GramIndex.decode(s.blob(3)))
                    rows.append(row)
                    for gram in row.grams { postings.append((row.tenant, gram, row.profile)) }
                }
            }
            postings.sort { ($0.tenant, $0.gram, $0.profile) < ($1.tenant, $1.gram, $1.profile) }
            taken.withLock { $0 = Snapshot(postings: postings, rows: rows) }
        }, completion: { result in
            guard case .success = result, let snapshot = taken.withLock({ $0 }) else { return self.finish(remaining: nil) }
            self.insert(snapshot, from: 0)
        })
        if !submitted { finish(remaining: nil) }
    }

    private func insert(_ snapshot: Snapshot, from start: Int) {
        guard start < snapshot.postings.count else { return removeMerged(snapshot) }
        let end = min(start + sliceRows, snapshot.postings.count)
        let submitted = writer.submit({ database in
            try database.withStatement("INSERT OR IGNORE INTO profile_grams(tenant, gram, profile) VALUES(?, ?, ?)") { s in
                for posting in snapshot.postings[start..<end] {
                    try s.run([.text(posting.tenant), .integer(posting.gram), .integer(posting.profile)])
                }
            }
        }, completion: { result in
            guard case .success = result else { return self.finish(remaining: nil) }
            self.insert(snapshot, from: end)
        })
        if !submitted { finish(remaining: nil) }
    }

    /// Drops the rows merged. A row that changed during the merge stays (its new version is not merged yet),
    /// and the grams it dropped meanwhile, which this merge just inserted, leave the main tier again.
    private func removeMerged(_ snapshot: Snapshot) {
        let remaining = Locked<Int?>(nil)
        let submitted = writer.submit({ database in
            for row in snapshot.rows {
                try database.withStatement("DELETE FROM profile_grams_recent WHERE profile = ? AND version = ?") {
                    try $0.run([.integer(row.profile), .integer(row.version)])
                }
                guard database.changes == 0 else { continue }
                let current = try database.withStatement("SELECT grams FROM profile_grams_recent WHERE profile = ?") { s in
                    try s.bind([.integer(row.profile)])
                    return try s.step() ? Set(GramIndex.decode(s.blob(0))) : []
                }
                guard let tenant = Tenant(row.tenant) else { continue }
                try GramIndex.removeFromMain(Set(row.grams).subtracting(current), profile: row.profile, tenant: tenant,
                                             in: database)
            }
            let count = try database.scalarInt("SELECT count(*) FROM profile_grams_recent")
            remaining.withLock { $0 = Int(count) }
        }, completion: { result in
            self.finish(remaining: (try? result.get()) != nil ? remaining.withLock { $0 } : nil)
        })
        if !submitted { finish(remaining: nil) }
    }

    /// Ends a merge; `remaining` is the recent tier's size after it, nil when the merge stopped early.
    private func finish(remaining: Int?) {
        state.withLock { state in
            state.merging = false
            // After a failure, wait for the tier to fill again rather than retrying in a loop.
            state.pending = remaining ?? 0
        }
        if remaining != nil { merges.add(1, ordering: .releasing) }
    }
}
