#if PostgreSQL
internal import CLibPQ

/// The rows a statement returned, in binary format; frees libpq's result when released. Column accessors
/// take the type the SQL asked for: `bigint` as `int64`, `text` as `text`, `bytea` as `bytes`.
package final class PostgresRows {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) { self.result = result }

    deinit { PQclear(result) }

    /// The command's tag: "COMMIT", or "ROLLBACK" for a COMMIT of a failed transaction.
    var commandStatus: String { String(cString: PQcmdStatus(result)) }

    package var count: Int { Int(PQntuples(result)) }

    package var columnCount: Int { Int(PQnfields(result)) }

    /// Rows an INSERT, UPDATE or DELETE touched.
    package var affected: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    package func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(result, Int32(row), Int32(column)) == 1
    }

    package func int64(_ row: Int, _ column: Int) -> Int64 {
        withValue(row, column) { bytes in
            // bigint is 8 bytes big-endian; an integer column (4) or smallint (2) is accepted too.
            var value: Int64 = bytes.first.map { $0 & 0x80 != 0 ? -1 : 0 } ?? 0
            for byte in bytes { value = value << 8 | Int64(byte) }
            return value
        }
    }

    package func bytes(_ row: Int, _ column: Int) -> [UInt8] {
        withValue(row, column) { Array($0) }
    }

    package func text(_ row: Int, _ column: Int) -> String {
        withValue(row, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// A column that may be NULL.
    package func optionalInt64(_ row: Int, _ column: Int) -> Int64? {
        isNull(row, column) ? nil : int64(row, column)
    }

    package func optionalBytes(_ row: Int, _ column: Int) -> [UInt8]? {
        isNull(row, column) ? nil : bytes(row, column)
    }

    private func withValue<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(result, Int32(row), Int32(column)), length > 0 else {
            return body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return body(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
#endif
