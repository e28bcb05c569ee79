#if PostgreSQL
internal import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection, used by one thread at a time (handed between threads, never shared). Statements are prepared once per connection and
/// cached by their SQL; parameters and results travel in binary. A connection that broke stays broken
/// (`isBroken`): its owner drops it and opens another, which is how a pool or a writer follows a failover.
package final class PostgresConnection: @unchecked Sendable {
    let handle: OpaquePointer
    /// Where it is connected, without a password (see `PostgresConnectionString.location`).
    package let location: String
    private var statements: [String: String] = [:]
    /// Names are never reused: a statement forgotten after a failed pipeline may still exist on the server.
    private var statementCount = 0
    /// Counts the transactions begun on this connection: a value read inside one (and locked for it) may be
    /// kept while this number is unchanged.
    package private(set) var transactionNumber = 0

    /// Connects with `conninfo` (a `postgresql://` URI or `key=value` pairs, multi-host included). The
    /// defaults below come first, so the connection string can override any of them: a short connect
    /// timeout, TCP keepalives and a user timeout so a dead server is noticed within seconds, and a
    /// statement timeout so no request waits on the database for ever.
    package init(conninfo: String, applicationName: String = "piivault") throws {
        location = PostgresConnectionString.location(of: conninfo)
        let parameters: [(String, String)] = Self.defaults + [("application_name", applicationName), ("dbname", conninfo)]
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            // The connection string may hold a password: wipe our copy before freeing it.
            values.forEach { pointer in
                if let pointer { memset(pointer, 0, strlen(pointer)) }
                free(pointer)
            }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let handle = PQconnectdbParams(keywordPointers, valuePointers, 1) else {
            throw PostgresError(sqlState: "", message: "connect to \(location): out of memory")
        }
        self.handle = handle
        // The server's notices ("already exists, skipping") would go to stderr: a service's output is its log.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            // Every stored property is set: deinit runs and finishes the handle.
            throw PostgresError(sqlState: "", message: "connect to \(location): " + Self.message(of: handle))
        }
    }

    deinit { PQfinish(handle) }

    static let defaults: [(String, String)] = [
        ("connect_timeout", "3"), ("keepalives", "1"), ("keepalives_idle", "5"), ("keepalives_interval", "2"),
        ("keepalives_count", "3"), ("tcp_user_timeout", "10000"), ("options", "-c statement_timeout=10000"),
    ]

    /// The connection was lost (the server went away, a failover, a network failure), or given up because the
    /// server stopped answering (see `answerTimeoutMilliseconds`).
    package var isBroken: Bool { abandoned || PQstatus(handle) != CONNECTION_OK }

    /// How long any answer may take. A server that keeps the connection but stops answering (frozen, or a
    /// COMMIT waiting for a synchronous standby that is gone: no statement_timeout covers that) would otherwise
    /// hold a request for ever; past this the statement is cancelled and the connection given up.
    package var answerTimeoutMilliseconds: Int64 = 10_000
    /// Given up after an answer did not come in time: never used again.
    package internal(set) var abandoned = false

    /// Runs one statement with `values` bound to `$1`, `$2`, ...: prepared on first use, cached after.
    @discardableResult
    package func execute(_ sql: String, _ values: [PostgresValue] = []) throws -> PostgresRows {
        try drain()
        let name = try prepared(sql, values)
        return try withParameters(values) { pointers, lengths, formats in
            try exchange(sql: sql) { PQsendQueryPrepared(handle, name, Int32(values.count), pointers, lengths, formats, 1) }
        }
    }

    /// Sends a statement whose rows nobody reads (an INSERT, UPDATE or DELETE) without waiting for its answer
    /// (libpq's pipeline mode): a writer's statements then travel to the server together, and their answers
    /// are read at the next `execute`, `run` or `COMMIT`, where a failure among them is thrown (the
    /// transaction is aborted by it, as by any failed statement).
    package func enqueue(_ sql: String, _ values: [PostgresValue] = []) throws {
        if pending == 0 && PQenterPipelineMode(handle) != 1 {
            throw PostgresError(sqlState: "", message: "pipeline: " + Self.message(of: handle))
        }
        var name = statements[sql]
        if name == nil {
            let new = nextStatementName()
            let types = values.map(\.typeOID)
            guard PQsendPrepare(handle, new, sql, Int32(types.count), types) == 1 else { throw sendFailure(sql) }
            statements[sql] = new
            preparedInPipeline.append(sql)
            pending += 1
            name = new
        }
        try withParameters(values) { pointers, lengths, formats in
            guard PQsendQueryPrepared(handle, name, Int32(values.count), pointers, lengths, formats, 1) == 1 else {
                throw sendFailure(sql)
            }
        }
        pending += 1
    }

    /// Statements sent in pipeline mode whose answers are not read yet, and those of them that prepare.
    var pending = 0
    private var preparedInPipeline: [String] = []

    /// Reads the answers of every enqueued statement and leaves pipeline mode; throws the first failure.
    private func drain() throws {
        guard pending > 0 else { return }
        defer {
            pending = 0
            preparedInPipeline = []
            if !isBroken { PQexitPipelineMode(handle) }
        }
        guard PQpipelineSync(handle) == 1 else { throw sendFailure("SYNC") }
        var failure: PostgresError?
        // Each statement's results end with a NULL; the sync's result closes the pipeline.
        var nulls = 0
        let deadline = Self.now() + answerTimeoutMilliseconds
        while nulls <= pending + 1 {
            guard let result = try nextResult(deadline: deadline, operation: "pipelined statements") else {
                if isBroken { break }
                nulls += 1
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            if status == PGRES_FATAL_ERROR, failure == nil { failure = error(of: result, operation: "pipelined statement") }
            PQclear(result)
        }
        if isBroken && failure == nil { failure = PostgresError(sqlState: "", message: "pipeline: " + Self.message(of: handle)) }
        if let failure {
            // A statement prepared in a failed pipeline may not exist on the server: prepare it again next time.
            for sql in preparedInPipeline { statements[sql] = nil }
            throw failure
        }
    }

    private func nextStatementName() -> String {
        statementCount += 1
        return "s\(statementCount)"
    }

    func sendFailure(_ sql: String) -> PostgresError {
        PostgresError(sqlState: "", message: "\(Self.operation(of: sql)): " + Self.message(of: handle))
    }

    /// `values` in binary, as libpq's parameter arrays, for the duration of `body`.
    private func withParameters<T>(_ values: [PostgresValue],
                                   _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) throws -> T) rethrows -> T {
        let binaries = values.map(\.binary)
        let total = binaries.reduce(0) { $0 + ($1?.count ?? 0) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 8)
        defer { buffer.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int32] = []
        pointers.reserveCapacity(values.count)
        lengths.reserveCapacity(values.count)
        var offset = 0
        for binary in binaries {
            guard let binary else {
                pointers.append(nil)
                lengths.append(0)
                continue
            }
            binary.withUnsafeBytes { buffer.advanced(by: offset).copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(buffer), byteCount: $0.count) }
            pointers.append(UnsafePointer(buffer.advanced(by: offset).assumingMemoryBound(to: CChar.self)))
            lengths.append(Int32(binary.count))
            offset += binary.count
        }
        return try body(pointers, lengths, [Int32](repeating: 1, count: values.count))
    }

    /// Runs SQL text without parameters, several statements allowed (schemas, transaction control).
    package func run(_ sql: String) throws {
        try drain()
        _ = try exchange(sql: sql) { PQsendQuery(handle, sql) }
    }

    /// How a transaction reads: `write` at READ COMMITTED (row locks serialize what must be serial);
    /// `snapshot` reads one consistent view and writes nothing.
    package enum TransactionKind: Sendable {
        case write
        case snapshot
    }

    /// Runs `body` in a transaction: commits, or rolls back and rethrows. A COMMIT the server turned into a
    /// rollback (a statement failed and `body` went on) throws, so nothing is reported durable that is not.
    package func inTransaction<T>(_ kind: TransactionKind = .write, _ body: () throws -> T) throws -> T {
        try run(kind == .write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        transactionNumber &+= 1
        do {
            let value = try body()
            try drain()
            if try exchange(sql: "COMMIT", { PQsendQuery(handle, "COMMIT") }).commandStatus != "COMMIT" {
                throw PostgresError(sqlState: "25P02", message: "COMMIT: the transaction had failed and was rolled back")
            }
            return value
        } catch {
            _ = try? drain()
            if !isBroken && PQtransactionStatus(handle) != PQTRANS_IDLE { _ = try? run("ROLLBACK") }
            throw error
        }
    }

    private func prepared(_ sql: String, _ values: [PostgresValue]) throws -> String {
        if let name = statements[sql] { return name }
        let name = nextStatementName()
        let types = values.map(\.typeOID)
        _ = try exchange(sql: sql, preparing: true) { PQsendPrepare(handle, name, sql, Int32(types.count), types) }
        statements[sql] = name
        return name
    }

    /// Returns the rows of `result`, or throws its error (freeing it), named by the statement's first words
    /// (worked out only then: this runs for every statement).
    func check(_ result: OpaquePointer?, sql: String, preparing: Bool = false) throws -> PostgresRows {
        let operation = { (preparing ? "prepare " : "") + Self.operation(of: sql) }
        guard let result else {
            throw PostgresError(sqlState: "", message: "\(operation()): " + Self.message(of: handle))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result)
        default:
            let failure = error(of: result, operation: operation())
            PQclear(result)
            throw failure
        }
    }

    /// The SQLSTATE and primary message of a failed result (never its DETAIL).
    private func error(of result: OpaquePointer, operation: String) -> PostgresError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let message = primary ?? Self.message(of: handle)
        return PostgresError(sqlState: isBroken && state.isEmpty ? "" : state, message: "\(operation): \(message)")
    }

    /// libpq's last message on one line.
    static func message(of handle: OpaquePointer) -> String {
        let text = PQerrorMessage(handle).map { String(cString: $0) } ?? "unknown error"
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The statement's first words, which name what it did (never a value: values are parameters).
    static func operation(of sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).prefix(3).joined(separator: " ")
    }
}
#endif
