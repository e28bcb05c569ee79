#if PostgreSQL
import Foundation
import Locking

/// The one writer of a PostgreSQL store on a node. Work submitted from any thread queues up; the writer
/// thread takes everything queued, runs it in one transaction on its connection, commits once (one round
/// trip and one WAL flush for the whole group) and only then completes each submission.
///
/// A failing group is retried job by job, so one bad job fails alone; unless the database itself failed
/// (unreachable, a standby, full: `retryLater`), which every job would meet again: then the whole group fails
/// at once, and the next group reconnects, which is how the writer follows a failover without a restart.
/// A job that lost a race with another node (a unique violation: the other node's get-or-create inserted the
/// same e-mail first; a serialization failure or deadlock) runs again, up to `raceAttempts` times: its next
/// run reads what the other node committed.
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

    /// Runs `work` in the next group and waits for its commit; throws what failed it.
    package func perform(_ work: @escaping Work) throws {
        let outcome = Locked<Result<Void, any Error>?>(nil)
        let semaphore = DispatchSemaphore(value: 0)
        guard submit(work, completion: { result in outcome.withLock { $0 = result }; semaphore.signal() }) else {
            throw PostgresError(sqlState: "57P01", message: "the writer is closed")
        }
        semaphore.wait()
        try outcome.withLock { $0 }?.get()
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
        if let connection, connection.isUsable { return connection }
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
            guard !database.isBroken, postgresError(error)?.recovery != .retryLater,
                  batch.count > 1 || isRace(error) else {
                for job in batch { job.completion(.failure(error)) }
                return
            }
            for job in batch { job.completion(runAlone(job, on: database)) }
        }
    }

    static let raceAttempts = 3

    private func runAlone(_ job: Job, on database: PostgresConnection) -> Result<Void, any Error> {
        var attempt = 1
        while true {
            do {
                try database.inTransaction { try job.work(database) }
                return .success(())
            } catch {
                guard attempt < Self.raceAttempts, !database.isBroken, isRace(error) else { return .failure(error) }
                attempt += 1
            }
        }
    }

    private func isRace(_ error: any Error) -> Bool {
        guard let error = postgresError(error) else { return false }
        return error.isUniqueViolation || error.recovery == .retryStatement
    }
}
#endif
