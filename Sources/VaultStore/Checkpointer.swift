import Foundation
import Locking
import Synchronization

/// Copies the WAL back into the database file on a thread and connection of its own, so a checkpoint (page
/// writes plus an fsync of the database file) never stalls the writer and the requests waiting on it.
/// PASSIVE checkpoints run beside commits; once a checkpoint has caught up, SQLite restarts the WAL from its
/// beginning at the next commit, so the file does not grow.
///
/// Deletions ask for more (`requestErasure()`): a restarted WAL still holds, past its new frames, the old
/// images of the pages a deletion zeroed. A TRUNCATE checkpoint empties the WAL into the database file and
/// cuts it to zero bytes. Requests are batched: the first waits `gatherMilliseconds` for the rest of a burst,
/// truncations are `intervalMilliseconds` apart at least, and an attempt a reader's snapshot made fail is
/// repeated every `retryMilliseconds` (every interval once overdue) until one succeeds.
final class Checkpointer: @unchecked Sendable {
    /// Deletions waiting for a truncation: since when, how many, attempts made for them.
    private struct Erasure {
        var since: ContinuousClock.Instant
        var requests: Int
        var attempts = 0
        var reportedOverdue = false
    }

    private let database: Database
    private let thresholdPages: Int
    private let policy: ErasureCheckpoint.Policy
    private let onErasure: @Sendable (ErasureCheckpoint) -> Void
    private let walPages = Atomic<Int>(0)
    private let condition = NSCondition()
    private var requested = false
    private var erasure: Erasure?
    /// The earliest time the next truncation may start.
    private var nextErasure = ContinuousClock.now
    private var closing = false
    private var finished = false

    init(path: String, thresholdPages: Int, name: String, policy: ErasureCheckpoint.Policy = .init(),
         onErasure: @escaping @Sendable (ErasureCheckpoint) -> Void = { _ in }) throws {
        var options = Database.Options()
        options.walAutoCheckpointPages = 0
        database = try Database(path: path, options: options)
        // Only TRUNCATE waits on locks (PASSIVE never does), and it waits holding the write lock.
        database.setBusyTimeout(milliseconds: policy.attemptBusyMilliseconds)
        self.thresholdPages = thresholdPages
        self.policy = policy
        self.onErasure = onErasure
        Thread.startNamed(name, stackSize: 512 << 10) { self.run() }
    }

    /// The WAL's size after a commit (from the writer's WAL hook).
    func noteWALPages(_ pages: Int) {
        walPages.store(pages, ordering: .relaxed)
        guard pages >= thresholdPages else { return }
        condition.lock()
        if !requested {
            requested = true
            condition.signal()
        }
        condition.unlock()
    }

    var pagesInWAL: Int { walPages.load(ordering: .relaxed) }

    /// Asks for a truncating checkpoint after a commit that deleted rows. Returns at once.
    func requestErasure() {
        condition.lock()
        if erasure == nil {
            let now = ContinuousClock.now
            erasure = Erasure(since: now, requests: 1)
            nextErasure = max(nextErasure, now + .milliseconds(policy.gatherMilliseconds))
        } else {
            erasure?.requests += 1
        }
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private enum Task { case passive, truncate(Erasure), stop }

    private func run() {
        while true {
            switch nextTask() {
            case .stop: return
            case .truncate(let erasure): truncate(erasure)
            case .passive:
                // A failure (busy, say) is retried at the next commit past the threshold.
                try? database.checkpoint()
                // At most a few checkpoints a second: each one fsyncs the database file, and back-to-back
                // fsyncs would slow the writer's own WAL flushes. `close()` cuts the pause short, and a due
                // erasure does too.
                condition.lock()
                let resume = Date().addingTimeInterval(0.2)
                while !closing && !erasureIsDue && condition.wait(until: resume) {}
                condition.unlock()
            }
        }
    }

    private var erasureIsDue: Bool { erasure != nil && ContinuousClock.now >= nextErasure }

    private func nextTask() -> Task {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if closing {
                finished = true
                condition.broadcast()
                return .stop
            }
            if erasureIsDue, let due = erasure {
                erasure = nil
                return .truncate(due)
            }
            if requested {
                requested = false
                return .passive
            }
            if erasure != nil {
                _ = condition.wait(until: Date() + (ContinuousClock.now.duration(to: nextErasure)).seconds)
            } else {
                condition.wait()
            }
        }
    }

    private func truncate(_ served: Erasure) {
        var served = served
        served.attempts += 1
        let succeeded = (try? database.checkpoint(truncate: true)) != nil
        let now = ContinuousClock.now
        let elapsed = Int(served.since.duration(to: now).milliseconds)
        var report: ErasureCheckpoint?
        condition.lock()
        if succeeded {
            nextErasure = now + .milliseconds(policy.intervalMilliseconds)
            report = ErasureCheckpoint(outcome: .truncated, requests: served.requests, attempts: served.attempts, milliseconds: elapsed)
        } else {
            // Requests that came meanwhile join this batch, which keeps its oldest time.
            if let newer = erasure { served.requests += newer.requests }
            let overdue = elapsed >= policy.overdueMilliseconds
            if overdue && !served.reportedOverdue {
                served.reportedOverdue = true
                report = ErasureCheckpoint(outcome: .overdue, requests: served.requests, attempts: served.attempts, milliseconds: elapsed)
            }
            erasure = served
            // Overdue means a reader holds on for long: stop taking the write lock every few milliseconds.
            nextErasure = now + .milliseconds(overdue ? policy.intervalMilliseconds : policy.retryMilliseconds)
        }
        condition.unlock()
        if let report { onErasure(report) }
    }
}

private extension Duration {
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}
