import Foundation
import Synchronization

/// Copies the WAL back into the database file on a thread and connection of its own, so a checkpoint (page
/// writes plus an fsync of the database file) never stalls the writer and the requests waiting on it.
/// PASSIVE checkpoints run beside commits; once a checkpoint has caught up, SQLite restarts the WAL from its
/// beginning at the next commit, so the file does not grow.
final class Checkpointer: @unchecked Sendable {
    private let database: Database
    private let thresholdPages: Int
    private let walPages = Atomic<Int>(0)
    private let condition = NSCondition()
    private var requested = false
    private var closing = false
    private var finished = false

    init(path: String, thresholdPages: Int, name: String) throws {
        var options = Database.Options()
        options.walAutoCheckpointPages = 0
        database = try Database(path: path, options: options)
        self.thresholdPages = thresholdPages
        let thread = Thread { self.run() }
        thread.name = name
        thread.stackSize = 512 << 10
        thread.start()
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

    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while !requested && !closing { condition.wait() }
            if closing {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            requested = false
            condition.unlock()
            // A failure (busy, say) is retried at the next commit past the threshold.
            try? database.checkpoint()
            // At most a few checkpoints a second: each one fsyncs the database file, and back-to-back
            // fsyncs would slow the writer's own WAL flushes. `close()` cuts the pause short.
            condition.lock()
            let resume = Date().addingTimeInterval(0.2)
            while !closing && condition.wait(until: resume) {}
            condition.unlock()
        }
    }
}
