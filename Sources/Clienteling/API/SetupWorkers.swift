import Foundation

/// The threads set-up requests run on. Their work blocks (provider calls over the network, waits for the
/// writer's commit), so it never runs on an event loop; at most `threads` run at once and at most
/// `maxQueued` wait, beyond which a request is refused at once rather than left to time out.
final class SetupWorkers: Sendable {
    private let queue: OperationQueue
    private let waiting = LockedCounter()
    private let maxQueued: Int

    init(threads: Int = 8, maxQueued: Int = 256) {
        let queue = OperationQueue()
        queue.name = "setup-workers"
        queue.maxConcurrentOperationCount = threads
        self.queue = queue
        self.maxQueued = maxQueued
    }

    /// Runs `work` on a worker; false, without running it, when too many are waiting already.
    func run(_ work: @escaping @Sendable () -> Void) -> Bool {
        guard waiting.increment(limit: maxQueued) else { return false }
        queue.addOperation { [waiting] in
            waiting.decrement()
            work()
        }
        return true
    }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment(limit: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard count < limit else { return false }
        count += 1
        return true
    }

    func decrement() {
        lock.lock()
        count -= 1
        lock.unlock()
    }
}
