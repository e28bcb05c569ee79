import Foundation

/// Threads for work that may wait (a store read, a provider call, a key look-up that misses the cache),
/// so an event loop never does. At most `threads` run at once and at most `maxQueued` more wait, beyond
/// which `submit` refuses at once (the caller answers 503) rather than let requests time out in a queue.
/// Like NIO's `NIOThreadPool`: plain threads waiting on one condition, started as work first needs them,
/// ended when the pool is closed or released.
public final class WorkerPool: Sendable {
    public let threads: Int
    public let maxQueued: Int
    private let core: WorkerPoolCore

    /// Defaults suit SQLite on a small machine: reads wait on no network, so a few threads per core keep
    /// the cores busy; a network store wants about as many threads as it has connections.
    public init(name: String, threads: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount),
                maxQueued: Int = 1_024) {
        precondition(threads > 0 && maxQueued > 0, "a pool needs a thread and room for a job")
        self.threads = threads
        self.maxQueued = maxQueued
        core = WorkerPoolCore(name: name, threads: threads, maxQueued: maxQueued)
    }

    deinit { core.stop() }

    /// Runs `work` on a worker; false, without running it, when `maxQueued` jobs are waiting already.
    @discardableResult
    public func submit(_ work: @escaping @Sendable () -> Void) -> Bool { core.submit(work) }

    /// Takes no more work, lets the queued and running jobs finish, and returns once every thread has
    /// ended. Not from a worker (it would wait for itself).
    public func close() {
        core.stop()
        core.waitForThreads()
    }
}

/// The queue and the threads' shared state; the threads hold this, not the pool, so releasing the pool
/// ends them.
private final class WorkerPoolCore: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let name: String
    private let maxThreads: Int
    private let maxQueued: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [Job?] = []
    private var head = 0
    private var started = 0
    private var alive = 0
    private var waiting = 0
    /// Signals sent to waiting threads that none has woken for yet: a second job does not count on the
    /// thread the first one already woke.
    private var wakeups = 0
    private var stopping = false

    init(name: String, threads: Int, maxQueued: Int) {
        self.name = name
        self.maxThreads = threads
        self.maxQueued = maxQueued
    }

    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        guard !stopping, jobs.count - head < maxQueued else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        var spawn = false
        if waiting > wakeups {
            wakeups += 1
            condition.signal()
        } else if started < maxThreads {
            started += 1
            alive += 1
            spawn = true
        }
        let number = started
        condition.unlock()
        if spawn { startThread(number) }
        return true
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    func waitForThreads() {
        condition.lock()
        while alive > 0 { condition.wait() }
        condition.unlock()
    }

    private func startThread(_ number: Int) {
        let name = "\(self.name)-\(number)"
        let thread = Thread {
            // Named from inside: a name given before `start` does not reach the kernel's thread list here.
            Thread.current.name = name
            self.run()
        }
        // Handlers run here as they would on an event loop, which has as much.
        thread.stackSize = 4 << 20
        thread.start()
    }

    private func run() {
        condition.lock()
        while true {
            if let job = next() {
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            if stopping { break }
            waiting += 1
            condition.wait()
            waiting -= 1
            if wakeups > 0 { wakeups -= 1 }
        }
        alive -= 1
        // `close` may be waiting for the last thread to end.
        if alive == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// The oldest queued job, taken out of the queue; under the lock.
    private func next() -> Job? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1_024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
