internal import CSQLite

/// A SQLite failure. The message is SQLite's own text plus the operation; it never includes bound values,
/// which may be PII (GRDB's rule, copied exactly).
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code.
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(code: Int32, handle: OpaquePointer?, operation: String) {
        self.code = code
        let detail = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        self.message = "\(operation): \(detail)"
    }

    public var primaryCode: Int32 { code & 0xff }

    /// SQLite's own codes for failures this wrapper reports itself, by name rather than number.
    static let genericError = SQLITE_ERROR
    static let misuse = SQLITE_MISUSE

    /// The database is locked by someone else or could not be reached in time: worth retrying.
    public var isTransient: Bool {
        [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PROTOCOL].contains(primaryCode)
    }

    public var description: String { "SQLite error \(code): \(message)" }
}
