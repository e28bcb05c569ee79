import Locking
import Synchronization

/// Moves the recent tier of the gram index into the main tier (see `GramIndex`) once it holds `limit`
/// rows: one writer job reads the rows, then jobs of `sliceRows` postings each insert them in key order,
/// then a last job removes the rows it merged. Each job is short, so writes queued behind it wait
/// milliseconds, not the whole merge. A crash mid-merge loses nothing: the recent rows stay until the last
/// job, and the next merge skips the postings already there.
final class GramMerger: Sendable {
    /// What one merge read: the postings in key order, and each row's profile, version and grams.
    private final class Snapshot: Sendable {
        let postings: [GramPosting]
        let rows: [(profile: Int64, tenant: String, version: Int64, grams: [Int64])]

        init(postings: [GramPosting], rows: [(profile: Int64, tenant: String, version: Int64, grams: [Int64])]) {
            self.postings = postings
            self.rows = rows
        }
    }

    private struct State {
        var pending: Int
        var merging = false
    }

    private let storage: any RegionStorage
    private let limit: Int
    private let sliceRows = 4_096
    private let state: Locked<State>
    /// Merges completed since start (tests wait on it).
    let merges = Atomic<Int>(0)

    init(storage: any RegionStorage, limit: Int, pending: Int) {
        self.storage = storage
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
        let submitted = storage.write({ tables in
            var postings: [GramPosting] = []
            var rows: [(profile: Int64, tenant: String, version: Int64, grams: [Int64])] = []
            try tables.grams.allRecent { profile, tenant, version, grams in
                let row = (profile: profile, tenant: tenant, version: version, grams: GramIndex.decode(grams))
                rows.append(row)
                for gram in row.grams { postings.append((row.tenant, gram, row.profile)) }
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
        let submitted = storage.write({ tables in
            try tables.grams.insertMain(snapshot.postings[start..<end])
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
        let submitted = storage.write({ tables in
            let grams = tables.grams
            for row in snapshot.rows {
                guard try !grams.deleteRecent(profile: row.profile, version: row.version) else { continue }
                let current = try grams.recentGrams(profile: row.profile).map { Set(GramIndex.decode($0)) } ?? []
                guard let tenant = Tenant(row.tenant) else { continue }
                try GramIndex.removeFromMain(Set(row.grams).subtracting(current), profile: row.profile, tenant: tenant,
                                             in: grams)
            }
            let count = try grams.recentCount()
            remaining.withLock { $0 = count }
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
