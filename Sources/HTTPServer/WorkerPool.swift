import Foundation

/// Threads for work that may wait (a store read, a provider call, a key look-up that misses the cache),
/// so an event loop never does. At most `threads` run at once and at most `maxQueued` more wait, beyond
/// which `submit` refuses at once (the caller answers 503) rather than let requests time out in a queue.
/// Like NIO's `NIOThreadPool`: plain threads waiting on one condition, started as work first needs them,
/// ended when the pool is closed or released.
package final class WorkerPool: Sendable {
    package let threads: Int
    package let maxQueued: Int
    private let core: WorkerQueue

    /// Defaults suit SQLite on a small machine: reads wait on no network, so a few threads per core keep
    /// the cores busy; a network store wants about as many threads as it has connections.
    package init(name: String, threads: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount),
                maxQueued: Int = 1_024) {
        precondition(threads > 0 && maxQueued > 0, "a pool needs a thread and room for a job")
        self.threads = threads
        self.maxQueued = maxQueued
        core = WorkerQueue(name: name, threads: threads, maxQueued: maxQueued)
    }

    deinit { core.stop() }

    /// Runs `work` on a worker; false, without running it, when `maxQueued` jobs are waiting already.
    @discardableResult
    package func submit(_ work: @escaping @Sendable () -> Void) -> Bool { core.submit(work) }

    /// Takes no more work, lets the queued and running jobs finish, and returns once every thread has
    /// ended. Not from a worker (it would wait for itself).
    package func close() {
        core.stop()
        core.waitForThreads()
    }
}
