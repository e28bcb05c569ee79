import Foundation
import Locking

/// The one writer of a database. Work submitted from any thread queues up; the writer thread takes
/// everything queued, runs it in one transaction, commits once (one fsync for the whole group) and only
/// then completes each submission. Concurrent requests thus share the cost of durability.
///
/// If a group fails, each of its jobs is retried alone, so one bad job never fails its neighbours; unless
/// the store itself failed (full, a disk error: `DatabaseError.Recovery.retryLater`), which retrying each job
/// would only meet again, job after job: then every job fails with the group's error. Jobs whose statements
/// wrap SQLite's errors in their own type say where to find it (`databaseError`).
package final class GroupCommitWriter: @unchecked Sendable {
    package typealias Work = @Sendable (Database) throws -> Void
    package typealias Completion = @Sendable (Result<Void, any Error>) -> Void

    private struct Job {
        let work: Work
        let completion: Completion
    }

    private let database: Database
    private let maxBatch: Int
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var closing = false
    private var finished = false
    /// Counts for observation and benchmarks: commits made and jobs carried.
    private var commitCount = 0
    private var jobCount = 0

    private let checkpointer: Checkpointer
    /// At this many WAL pages the writer checkpoints by itself. By then the checkpointer has copied most
    /// frames, so this is short; and only a checkpoint between two of the writer's own transactions lets
    /// SQLite restart the WAL under continuous load.
    private let walRestartPages: Int
    private let databaseError: @Sendable (any Error) -> DatabaseError?

    /// Takes ownership of `database`: nothing else may use it afterwards. Past half of `checkpointPages` a
    /// checkpointer copies the WAL into the database on a connection of its own; at `checkpointPages` the
    /// writer finishes the job between two groups. `erasure` paces the truncations `requestErasure()` asks
    /// for, and `onErasure` hears how each went. Call `close()` to stop the threads.
    package init(database: Database, name: String, maxBatch: Int = 1_024, checkpointPages: Int = 1_000,
                erasure: ErasureCheckpoint.Policy = .init(),
                onErasure: @escaping @Sendable (ErasureCheckpoint) -> Void = { _ in },
                databaseError: @escaping @Sendable (any Error) -> DatabaseError? = { $0 as? DatabaseError }) throws {
        self.database = database
        self.maxBatch = maxBatch
        self.databaseError = databaseError
        checkpointer = try Checkpointer(path: database.path, thresholdPages: checkpointPages / 2,
                                        name: "ckpt-" + name, policy: erasure, onErasure: onErasure)
        walRestartPages = checkpointPages
        let checkpointer = self.checkpointer
        database.observeWAL { pages in checkpointer.noteWALPages(pages) }
        // The thread holds the writer until `close()` lets it finish.
        Thread.startNamed(name, stackSize: 1 << 20) { self.run() }
    }

    /// Queues `work`; `completion` runs on the writer thread after the commit (or failure).
    /// Returns false, without calling `completion`, once the writer is closing.
    @discardableResult
    package func submit(_ work: @escaping Work, completion: @escaping Completion) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return false }
        queue.append(Job(work: work, completion: completion))
        if queue.count == 1 { condition.signal() }
        return true
    }

    /// Runs `work` through the writer and waits for its commit.
    package func perform(_ work: @escaping Work) throws {
        let box = ResultBox()
        let semaphore = DispatchSemaphore(value: 0)
        guard submit(work, completion: { result in box.set(result); semaphore.signal() }) else {
            throw DatabaseError(code: DatabaseError.misuse, message: "writer is closed")
        }
        semaphore.wait()
        try box.get()
    }

    /// Call after a commit that deleted rows: soon after, off this thread, the WAL is emptied into the
    /// database file and truncated, so no old image of a page the deletion zeroed stays in any file.
    /// Returns at once; bursts share one truncation (see `ErasureCheckpoint.Policy`).
    package func requestErasure() {
        checkpointer.requestErasure()
    }

    /// Finishes everything queued, stops the threads and empties the WAL into the database file. Idempotent.
    package func close() {
        condition.lock()
        let first = !closing
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        guard first else { return }
        checkpointer.close()
        try? database.checkpoint(truncate: true)
    }

    package var statistics: (commits: Int, jobs: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (commitCount, jobCount)
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            if queue.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let take = min(queue.count, maxBatch)
            let batch = Array(queue.prefix(take))
            queue.removeFirst(take)
            condition.unlock()
            execute(batch)
            if checkpointer.pagesInWAL >= walRestartPages { try? database.checkpoint() }
        }
    }

    private func execute(_ batch: [Job]) {
        do {
            try database.inTransaction { for job in batch { try job.work(database) } }
            record(commits: 1, jobs: batch.count)
            for job in batch { job.completion(.success(())) }
        } catch {
            guard batch.count > 1, databaseError(error)?.recovery != .retryLater else {
                for job in batch { job.completion(.failure(error)) }
                return
            }
            for job in batch {
                do {
                    try database.inTransaction { try job.work(database) }
                    record(commits: 1, jobs: 1)
                    job.completion(.success(()))
                } catch {
                    job.completion(.failure(error))
                }
            }
        }
    }

    private func record(commits: Int, jobs: Int) {
        condition.lock()
        commitCount += commits
        jobCount += jobs
        condition.unlock()
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Void, any Error> = .success(())
    func set(_ r: Result<Void, any Error>) { lock.lock(); result = r; lock.unlock() }
    func get() throws { lock.lock(); defer { lock.unlock() }; try result.get() }
}
