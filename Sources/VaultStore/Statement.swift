internal import CSQLite

/// A prepared statement. Owns its `sqlite3_stmt` and finalizes it on deinit. Like its database, it is
/// confined to one thread at a time.
package final class Statement {
    let pointer: OpaquePointer
    private unowned let database: Database

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard code == SQLITE_OK, let stmt else {
            throw DatabaseError(code: code, handle: database.handle, operation: "prepare")
        }
        self.pointer = stmt
        self.database = database
    }

    deinit { sqlite3_finalize(pointer) }

    /// Binds values to parameters 1...n, in order.
    package func bind(_ values: [DatabaseValue]) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    package func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(pointer, index)
        case .integer(let v):
            code = sqlite3_bind_int64(pointer, index, v)
        case .text(let s):
            code = sqlite3_bind_text(pointer, index, s, -1, piivault_sqlite_transient())
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { raw in
                // A zero-length blob must still bind as a blob, not as NULL.
                sqlite3_bind_blob(pointer, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count),
                                  piivault_sqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw DatabaseError(code: code, handle: database.handle, operation: "bind") }
    }

    /// Binds bytes without wrapping them in a `DatabaseValue` (for hot insert loops).
    package func bind(blob bytes: [UInt8], at index: Int32) throws {
        try bind(.blob(bytes), at: index)
    }

    package func bind(text: String, at index: Int32) throws {
        let code = sqlite3_bind_text(pointer, index, text, -1, piivault_sqlite_transient())
        guard code == SQLITE_OK else { throw DatabaseError(code: code, handle: database.handle, operation: "bind") }
    }

    /// Advances one row. Returns true while a row is available, false when done.
    @discardableResult
    package func step() throws -> Bool {
        let code = sqlite3_step(pointer)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError(code: code, handle: database.handle, operation: "step")
        }
    }

    /// Runs to completion, ignoring rows.
    /// Binds, steps to the end and resets, so the same statement can run again at once.
    package func run(_ values: [DatabaseValue] = []) throws {
        defer { reset() }
        try bind(values)
        while try step() {}
    }

    package func reset() {
        sqlite3_reset(pointer)
        sqlite3_clear_bindings(pointer)
    }

    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }

    /// Column `column` as the type SQLite stored it with (a copy to another engine keeps each value's type).
    package func value(_ column: Int32) -> DatabaseValue {
        switch sqlite3_column_type(pointer, column) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(int64(column))
        case SQLITE_BLOB: .blob(blob(column))
        default: .text(text(column))
        }
    }

    package func isBlob(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_BLOB }

    package func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

    package func text(_ column: Int32) -> String {
        guard let cString = sqlite3_column_text(pointer, column) else { return "" }
        return String(cString: cString)
    }

    /// The column's bytes, valid only inside `body` (no copy: for a value read and dropped at once).
    package func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let base = sqlite3_column_blob(pointer, column) else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    package func blob(_ column: Int32) -> [UInt8] {
        withBlob(column) { [UInt8]($0) }
    }
}
