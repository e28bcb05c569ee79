internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

extension Database {
    /// Copies this database into a new file at `path` (which must not exist) with SQLite's online backup API,
    /// as one consistent snapshot, while other connections (a running server) go on writing.
    ///
    /// The copy runs inside one read transaction on this connection: in WAL mode a reader blocks no writer,
    /// and the snapshot it holds cannot change under the copy, so `sqlite3_backup_step` never restarts (it
    /// starts over whenever it sees another connection's write between two steps, which under steady load
    /// would be forever). It copies `pagesPerStep` pages per step so no one call holds the source's lock
    /// for long. While it runs, checkpoints cannot move the WAL past the snapshot, so the WAL grows.
    ///
    /// The copy is left in rollback-journal mode (a file that stands alone, with no WAL beside it) and
    /// fsync'd; a server opening it later turns WAL back on.
    ///
    /// The copy is written out as it goes, `syncEveryPages` pages at a time, each flush followed by a pause as
    /// long as it took: on ext4 (data=ordered) a server's commit fsync waits for every dirty block of the file
    /// system, so one fsync of a whole copy at the end stalls the server's commits for as long as it takes
    /// (100 ms for a 300 MiB copy, measured), while small flushes cost each commit a few milliseconds at most.
    package func backup(to path: String, pagesPerStep: Int32 = 256, syncEveryPages: Int = 1_024) throws {
        guard access(path, F_OK) != 0 else {
            throw DatabaseError(code: DatabaseError.genericError, message: "backup: \(path) exists already")
        }
        var destination: OpaquePointer?
        let code = sqlite3_open_v2(path, &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let destination else {
            let error = DatabaseError(code: code, handle: destination, operation: "backup: open the copy")
            sqlite3_close_v2(destination)
            throw error
        }
        defer { sqlite3_close_v2(destination) }
        // Pages go to the file as they come (a small cache), unsynced until the flushes below and the final sync.
        let pragmas = sqlite3_exec(destination, "PRAGMA cache_size=-1024; PRAGMA synchronous=OFF", nil, nil, nil)
        guard pragmas == SQLITE_OK else { throw DatabaseError(code: pragmas, handle: destination, operation: "backup: settings") }
        let flusher = PacedFlush(path: path, everyPages: syncEveryPages)
        defer { flusher.close() }
        try inTransaction(.deferred) {
            // The first read starts the snapshot every step then reads from.
            _ = try scalarInt("SELECT count(*) FROM sqlite_master")
            try copyPages(into: destination, pagesPerStep: pagesPerStep) { flusher.copied(Int(pagesPerStep)) }
        }
        let journal = sqlite3_exec(destination, "PRAGMA journal_mode=DELETE", nil, nil, nil)
        guard journal == SQLITE_OK else { throw DatabaseError(code: journal, handle: destination, operation: "backup: journal mode") }
        try Self.sync(path)
    }

    private func copyPages(into destination: OpaquePointer, pagesPerStep: Int32, afterStep: () -> Void) throws {
        guard let backup = sqlite3_backup_init(destination, "main", handle, "main") else {
            let code = sqlite3_errcode(destination)
            throw DatabaseError(code: code, handle: destination, operation: "backup: init")
        }
        var busyWaits = 0
        while true {
            let step = sqlite3_backup_step(backup, pagesPerStep)
            switch step & 0xff {
            case SQLITE_OK:
                afterStep()
                continue
            case SQLITE_DONE:
                let finish = sqlite3_backup_finish(backup)
                guard finish == SQLITE_OK else { throw DatabaseError(code: finish, handle: destination, operation: "backup: finish") }
                return
            case SQLITE_BUSY, SQLITE_LOCKED:
                // Only the copy's own file can be locked here (the source is read in our snapshot).
                busyWaits += 1
                guard busyWaits > 5_000 else {
                    usleep(1_000)
                    continue
                }
                fallthrough
            default:
                sqlite3_backup_finish(backup)
                throw DatabaseError(code: step, handle: destination, operation: "backup: step")
            }
        }
    }

    /// Flushes a file being written every so many pages, then rests as long as the flush took.
    private final class PacedFlush {
        private let path: String
        private let everyPages: Int
        private var pending = 0
        private var descriptor: Int32 = -1

        init(path: String, everyPages: Int) {
            self.path = path
            self.everyPages = everyPages
        }

        func copied(_ pages: Int) {
            pending += pages
            guard pending >= everyPages else { return }
            pending = 0
            if descriptor < 0 { descriptor = open(path, O_RDONLY | O_CLOEXEC) }
            guard descriptor >= 0 else { return }
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            fdatasync(descriptor)
            clock_gettime(CLOCK_MONOTONIC, &end)
            let micros = (end.tv_sec - start.tv_sec) * 1_000_000 + (end.tv_nsec - start.tv_nsec) / 1_000
            usleep(useconds_t(min(max(micros, 0), 200_000)))
        }

        func close() {
            if descriptor >= 0 { Glibc.close(descriptor) }
        }
    }

    /// fsync of a file just written (SQLite syncs its commits, this makes the journal-mode change certain too).
    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DatabaseError(code: DatabaseError.genericError, message: "backup: cannot open \(path) to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw DatabaseError(code: DatabaseError.genericError, message: "backup: cannot sync \(path)") }
    }
}
