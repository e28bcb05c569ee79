internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite connection, configured for durability: WAL (checked), `synchronous=FULL`, a busy timeout,
/// extended result codes, foreign keys and `secure_delete`. A connection is confined to one thread at a time;
/// the types that share connections (`GroupCommitWriter`, `ConnectionPool`) guarantee that.
package final class Database: @unchecked Sendable {
    package enum Mode: Sendable { case readWrite, readOnly }

    package struct Options: Sendable {
        package var busyTimeoutMilliseconds: Int32 = 5_000
        /// SQLite's automatic WAL checkpoint threshold in pages; 0 turns it off (a separate checkpointer runs).
        package var walAutoCheckpointPages: Int32 = 1_000
        /// SQLite's page cache for this connection, in KiB (SQLite's default is 2,000).
        package var cacheKiB: Int = 2_000
        /// What `growCache()` raises the page cache to, once; nil: it stays at `cacheKiB`.
        package var grownCacheKiB: Int?
        package init() {}
    }

    let handle: OpaquePointer
    package let path: String
    private var cache: [String: Statement] = [:]
    private var walObserver: WALObserver?
    private var grownCacheKiB: Int?
    /// State kept for the open transaction only (see `Database+TransactionLocal.swift`).
    var transactionLocals: [(key: String, value: any TransactionLocal)] = []

    package init(path: String, mode: Mode = .readWrite, options: Options = Options()) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == .readWrite ? SQLITE_OPEN_CREATE : 0)
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let error = DatabaseError(code: code, handle: db, operation: "open")
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
        self.path = path
        grownCacheKiB = options.grownCacheKiB
        sqlite3_extended_result_codes(db, 1)
        setBusyTimeout(milliseconds: options.busyTimeoutMilliseconds)
        do {
            if mode == .readWrite {
                let journal = try scalarText("PRAGMA journal_mode=WAL")
                guard journal.lowercased() == "wal" else {
                    throw DatabaseError(code: SQLITE_ERROR, message: "open: journal_mode is \(journal), not wal")
                }
                try execute("PRAGMA wal_autocheckpoint=\(options.walAutoCheckpointPages)")
            } else {
                try execute("PRAGMA query_only=ON")
            }
            try execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON")
            try execute("PRAGMA cache_size=-\(options.cacheKiB)")
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// How long a statement waits for a lock another connection holds before failing with `SQLITE_BUSY`.
    package func setBusyTimeout(milliseconds: Int32) {
        // SQLite's own busy timeout sleeps in growing steps (up to 100 ms) while another connection (the
        // sweeper, a checkpoint) holds the lock, so a waiting writer can oversleep a short hold many times
        // over. Polling every millisecond instead makes a wait about as long as the hold.
        sqlite3_busy_handler(handle, { limit, attempts in
            guard Int(attempts) < Int(bitPattern: limit) else { return 0 }
            usleep(1_000)
            return 1
        }, UnsafeMutableRawPointer(bitPattern: Int(max(0, milliseconds))))
    }

    /// Raises the page cache to the options' `grownCacheKiB`, the first time only; else does nothing.
    package func growCache() throws {
        guard let kiB = grownCacheKiB else { return }
        try execute("PRAGMA cache_size=-\(kiB)")
        grownCacheKiB = nil
    }

    /// Runs one or more statements that bind nothing (schema, pragmas).
    package func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw DatabaseError(code: code, handle: handle, operation: "execute") }
    }

    /// A prepared statement for `sql`, prepared once and cached for the life of the connection.
    /// `body` gets it freshly reset; it is reset again afterwards so it holds no bound values.
    package func withStatement<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        let statement: Statement
        if let cached = cache[sql] {
            statement = cached
        } else {
            statement = try Statement(database: self, sql: sql)
            cache[sql] = statement
        }
        defer { statement.reset() }
        return try body(statement)
    }

    package func scalarText(_ sql: String) throws -> String {
        try withStatement(sql) { s in try s.step() ? s.text(0) : "" }
    }

    package func scalarInt(_ sql: String, _ values: [DatabaseValue] = []) throws -> Int64 {
        try withStatement(sql) { s in
            try s.bind(values)
            return try s.step() ? s.int64(0) : 0
        }
    }

    /// The rowid of the last row inserted on this connection.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    package var changes: Int { Int(sqlite3_changes(handle)) }

    package enum TransactionKind: String, Sendable { case deferred = "DEFERRED", immediate = "IMMEDIATE" }

    /// Begins, runs `body`, commits; rolls back and rethrows if anything throws.
    package func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try withStatement("BEGIN \(kind.rawValue)") { try $0.run() }
        do {
            let result = try body()
            try finishTransactionLocals()
            try withStatement("COMMIT") { try $0.run() }
            return result
        } catch {
            rollback()
            throw error
        }
    }

    func rollback() {
        transactionLocals.removeAll(keepingCapacity: true)
        if sqlite3_get_autocommit(handle) == 0 { _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }

    /// Whether a transaction is open on this connection.
    package var inOpenTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Reports the WAL's size in pages after every commit. This replaces SQLite's automatic checkpoint,
    /// which would otherwise run inside the committing thread.
    package func observeWAL(_ observe: @escaping @Sendable (Int) -> Void) {
        let observer = WALObserver(observe)
        walObserver = observer
        sqlite3_wal_hook(handle, { context, _, _, pages in
            Unmanaged<WALObserver>.fromOpaque(context!).takeUnretainedValue().observe(Int(pages))
            return SQLITE_OK
        }, Unmanaged.passUnretained(observer).toOpaque())
    }

    /// Moves the WAL's content into the database file. `truncate` also empties the WAL file; it first copies
    /// what it can without blocking writers, so the part that does block them is short.
    package func checkpoint(truncate: Bool = false) throws {
        if truncate { try? checkpoint(truncate: false) }
        var logFrames: Int32 = 0, checkpointed: Int32 = 0
        let mode = truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE
        let code = sqlite3_wal_checkpoint_v2(handle, nil, mode, &logFrames, &checkpointed)
        guard code == SQLITE_OK else { throw DatabaseError(code: code, handle: handle, operation: "checkpoint") }
    }
}

private final class WALObserver {
    let observe: @Sendable (Int) -> Void
    init(_ observe: @escaping @Sendable (Int) -> Void) { self.observe = observe }
}
