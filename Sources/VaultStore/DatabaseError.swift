internal import CSQLite

/// A SQLite failure. The message is SQLite's own text plus the operation; it never includes bound values,
/// which may be PII (GRDB's rule, copied exactly).
package struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code.
    package let code: Int32
    package let message: String

    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(code: Int32, handle: OpaquePointer?, operation: String) {
        self.code = code
        let detail = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        self.message = "\(operation): \(detail)"
    }

    package var primaryCode: Int32 { code & 0xff }

    /// SQLite's own codes for failures this wrapper reports itself, by name rather than number.
    static let genericError = SQLITE_ERROR
    static let misuse = SQLITE_MISUSE

    /// What may still succeed after this failure, decided per primary result code.
    package enum Recovery: Sendable, Equatable {
        /// Another connection held a lock past the busy timeout (`BUSY`, `LOCKED`), or the WAL index changed
        /// under us (`PROTOCOL`): the same work, run again in a new transaction, may succeed at once.
        case retryStatement
        /// The store cannot take the work now (`FULL`: no room; `IOERR`: the disk failed an operation;
        /// `CANTOPEN`: a file could not be opened). Running the statement again does not help, but the
        /// condition may pass (room made, the disk back), so the request may succeed later.
        case retryLater
        /// Anything else (a constraint, misuse, corruption, a bug): retrying changes nothing.
        case none
    }

    package var recovery: Recovery {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_PROTOCOL: .retryStatement
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN: .retryLater
        default: .none
        }
    }

    /// Lock contention: worth running the same work again now (`Recovery.retryStatement`).
    package var isBusy: Bool { recovery == .retryStatement }

    /// The condition may pass, so the client may retry the request later (answered 503 or
    /// `retryable_error`): contention, and also a full or failing store, which retrying the statement
    /// itself would not fix (see `isBusy`).
    package var isTransient: Bool { recovery != .none }

    package var description: String { "SQLite error \(code): \(message)" }
}
