import Foundation
import Locking
import Synchronization

/// A `WorkerPool`'s queue and threads. The threads hold this, not the pool, so releasing the pool ends them.
///
/// The hop from an event loop costs a wake-up when the job finds every worker asleep (a futex call on the
/// loop, a context switch for the worker: on this 2-core VM, about a tenth of a detokenize's CPU). So a
/// worker that runs out of jobs looks for the next one for `spinNanoseconds` before it sleeps, yielding
/// its core to anything runnable meanwhile; at most one does at a time, and a job it will take wakes no one.
final class WorkerQueue: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    static let spinNanoseconds: UInt64 = 50_000

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
    /// Workers looking for a job before they sleep (0 or 1).
    private var spinners = 0
    private var stopping = false
    /// Jobs queued, for the spinning worker to watch without the lock.
    private let queued = Atomic<Int>(0)

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
        queued.add(1, ordering: .relaxed)
        var wake = false, spawn = false
        if jobs.count - head <= spinners {
            // The spinning worker takes it.
        } else if waiting > wakeups {
            wakeups += 1
            wake = true
        } else if started < maxThreads {
            started += 1
            alive += 1
            spawn = true
        }
        let number = started
        condition.unlock()
        // After unlocking, so the worker woken does not at once block on the lock still held here.
        if wake { condition.signal() }
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
        // Handlers run here as they would on an event loop, which has as much.
        Thread.startNamed(name, stackSize: 4 << 20) { self.run() }
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
            if spinners == 0 {
                spinners += 1
                condition.unlock()
                spin()
                condition.lock()
                spinners -= 1
                if head < jobs.count || stopping { continue }
            }
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

    /// Returns when a job is queued or `spinNanoseconds` have passed.
    private func spin() {
        let start = MonotonicClock.nanoseconds()
        while queued.load(ordering: .relaxed) == 0 && MonotonicClock.nanoseconds() - start < Self.spinNanoseconds {
            sched_yield()
        }
    }

    /// The oldest queued job, taken out of the queue; under the lock.
    private func next() -> Job? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        queued.subtract(1, ordering: .relaxed)
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
