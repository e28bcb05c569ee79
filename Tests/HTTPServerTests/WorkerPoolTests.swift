import Foundation
import XCTest
@testable import HTTPServer

final class WorkerPoolTests: XCTestCase {
    /// Jobs running now, the most that ever ran at once, and those done.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0, most = 0, finished = 0

        func start() { lock.withLock { running += 1; most = max(most, running) } }
        func finish() { lock.withLock { running -= 1; finished += 1 } }
        var peak: Int { lock.withLock { most } }
        var done: Int { lock.withLock { finished } }
    }

    func testRunsEveryJobWithAtMostItsThreadsAtOnce() {
        let pool = WorkerPool(name: "pool-test", threads: 3, maxQueued: 1_000)
        let tally = Tally()
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<200 {
            XCTAssertTrue(pool.submit {
                tally.start()
                usleep(200)
                tally.finish()
                finished.signal()
            })
        }
        for _ in 0..<200 { XCTAssertEqual(finished.wait(timeout: .now() + 10), .success) }
        XCTAssertEqual(tally.done, 200)
        XCTAssertLessThanOrEqual(tally.peak, 3)
        XCTAssertGreaterThan(tally.peak, 1, "jobs ran side by side")
    }

    /// Jobs submitted from two threads, with gaps around the spinning worker's 50 us: none waits forever
    /// (a job counted as the spinner's while it gave up, or a signal lost, would).
    func testNoJobIsLeftBehindWhateverTheGaps() {
        let pool = WorkerPool(name: "pool-test", threads: 3, maxQueued: 10_000)
        let tally = Tally()
        let finished = DispatchSemaphore(value: 0)
        let perSubmitter = 2_000
        for seed in 0..<2 {
            Thread.detachNewThread {
                var random = SystemRandomNumberGenerator()
                for n in 0..<perSubmitter {
                    if (n + seed) % 3 == 0 { usleep(UInt32.random(in: 0...120, using: &random)) }
                    pool.submit { tally.start(); tally.finish(); finished.signal() }
                }
            }
        }
        for _ in 0..<(2 * perSubmitter) { XCTAssertEqual(finished.wait(timeout: .now() + 10), .success) }
        XCTAssertEqual(tally.done, 2 * perSubmitter)
    }

    func testRefusesBeyondItsQueueAndTakesMoreOnceJobsStart() {
        let pool = WorkerPool(name: "pool-test", threads: 1, maxQueued: 2)
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        XCTAssertTrue(pool.submit { started.signal(); release.wait() })
        XCTAssertEqual(started.wait(timeout: .now() + 10), .success)
        XCTAssertTrue(pool.submit {})
        XCTAssertTrue(pool.submit {})
        XCTAssertFalse(pool.submit {}, "two wait already")
        release.signal()
        pool.close()
        XCTAssertFalse(pool.submit {}, "a closed pool takes nothing")
    }

    func testCloseFinishesQueuedJobsFirst() {
        let pool = WorkerPool(name: "pool-test", threads: 2, maxQueued: 100)
        let tally = Tally()
        for _ in 0..<50 { pool.submit { tally.start(); usleep(100); tally.finish() } }
        pool.close()
        XCTAssertEqual(tally.done, 50)
    }

    func testReleasingThePoolEndsItsThreads() {
        let ran = DispatchSemaphore(value: 0)
        do {
            let pool = WorkerPool(name: "pool-end", threads: 1, maxQueued: 1)
            pool.submit { ran.signal() }
            XCTAssertEqual(ran.wait(timeout: .now() + 10), .success)
            XCTAssertTrue(Self.threadNames().contains("pool-end-1"))
        }
        let deadline = Date() + 10
        while Self.threadNames().contains("pool-end-1") && Date() < deadline { usleep(10_000) }
        XCTAssertFalse(Self.threadNames().contains("pool-end-1"), "the idle thread ended with its pool")
    }

    /// The names of this process's threads, as the kernel has them.
    private static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines)
        }
    }

    /// Operators read thread names in `top -H`, `perf` and `/proc`: a worker's name reaches the kernel
    /// (Foundation's `Thread.name` alone did not, set before `start()`, nor reliably from inside).
    func testWorkersAreNamedForTheKernel() throws {
        let pool = WorkerPool(name: "named-pool", threads: 4, maxQueued: 100)
        let ran = DispatchSemaphore(value: 0)
        for _ in 0..<8 { XCTAssertTrue(pool.submit { usleep(2_000); ran.signal() }) }
        for _ in 0..<8 { XCTAssertEqual(ran.wait(timeout: .now() + 10), .success) }
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
        let names = tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
        XCTAssertTrue(names.contains { $0.hasPrefix("named-pool-") }, "\(names.count) threads, none named named-pool-*")
    }
}
