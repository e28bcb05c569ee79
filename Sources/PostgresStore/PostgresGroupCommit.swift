#if PostgreSQL
import Foundation
import Locking

/// The one writer of a PostgreSQL store on a node. Work submitted from any thread queues up; the writer
/// thread takes everything queued, runs it in one transaction on its connection, commits once (one round
/// trip and one WAL flush for the whole group) and only then completes each submission.
///
/// A failing group is retried job by job, so one bad job (a unique violation: another node made that row
/// first) fails alone; unless the database itself failed (unreachable, a standby, full: `retryLater`), which
/// every job would meet again: then the whole group fails at once, and the next group reconnects, which
/// is how the writer follows a failover without a restart.
package final class PostgresGroupCommit: @unchecked Sendable {
    package typealias Work = @Sendable (PostgresConnection) throws -> Void
    package typealias Completion = @Sendable (Result<Void, any Error>) -> Void

    private struct Job {
        let work: Work
        let completion: Completion
    }

    private let open: @Sendable () throws -> PostgresConnection
    private var connection: PostgresConnection?
    private let maxBatch: Int
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var closing = false
    private var finished = false
    private let postgresError: @Sendable (any Error) -> PostgresError?

    /// Takes `connection` (nil: opened on first use with `open`, as every replacement is).
    package init(connection: PostgresConnection?, name: String, maxBatch: Int = 1_024,
                 open: @escaping @Sendable () throws -> PostgresConnection,
                 postgresError: @escaping @Sendable (any Error) -> PostgresError? = { $0 as? PostgresError }) {
        self.connection = connection
        self.open = open
        self.maxBatch = maxBatch
        self.postgresError = postgresError
        Thread.startNamed(name, stackSize: 1 << 20) { self.run() }
    }

    /// Queues `work`; `completion` runs on the writer thread after the commit (or failure). Returns false,
    /// without calling `completion`, once the writer is closing.
    @discardableResult
    package func submit(_ work: @escaping Work, completion: @escaping Completion) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closing else { return false }
        queue.append(Job(work: work, completion: completion))
        if queue.count == 1 { condition.signal() }
        return true
    }

    /// Finishes everything queued and stops the thread. Idempotent.
    package func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            if queue.isEmpty {
                connection = nil
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
        }
    }

    /// The writer's connection, reopened when the last one broke.
    private func connected() throws -> PostgresConnection {
        if let connection, !connection.isBroken { return connection }
        connection = nil
        let fresh = try open()
        connection = fresh
        return fresh
    }

    private func execute(_ batch: [Job]) {
        let database: PostgresConnection
        do {
            database = try connected()
        } catch {
            for job in batch { job.completion(.failure(error)) }
            return
        }
        do {
            try database.inTransaction { for job in batch { try job.work(database) } }
            for job in batch { job.completion(.success(())) }
        } catch {
            guard batch.count > 1, !database.isBroken, postgresError(error)?.recovery != .retryLater else {
                for job in batch { job.completion(.failure(error)) }
                return
            }
            for job in batch {
                do {
                    try database.inTransaction { try job.work(database) }
                    job.completion(.success(()))
                } catch {
                    job.completion(.failure(error))
                }
            }
        }
    }
}
#endif
