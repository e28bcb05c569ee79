import Foundation
import Vault
import VaultStore
#if PostgreSQL
import PostgresStore
#endif

/// Raw SQL on a store, as a test (or an attacker with a copy) sees it, on whichever engine holds it: counts
/// of rows, and edits that tamper with them. SQL is written with `?` placeholders and portable syntax; on
/// PostgreSQL the placeholders become `$1`, `$2`, ... Blobs bind as `bytea`.
package final class StoreInspector {
    private let database: Database?
    #if PostgreSQL
    private let connection: PostgresConnection?
    #endif

    /// The store of `kind` for the vault of `dataDirectory` (opened to write: tamper tests edit it).
    package init(_ kind: StoreKind, dataDirectory: String) throws {
        let engine = try TestStores.engine(for: dataDirectory)
        let location = engine.location(of: kind, dataDirectory: dataDirectory)
        #if PostgreSQL
        if let conninfo = TestStores.conninfo(of: kind, dataDirectory: dataDirectory) {
            connection = try PostgresConnection(conninfo: conninfo)
            database = nil
            return
        }
        connection = nil
        #endif
        database = try Database(path: location)
    }

    package func scalarInt(_ sql: String, _ values: [DatabaseValue] = []) throws -> Int64 {
        #if PostgreSQL
        if let connection {
            let rows = try connection.execute(Self.numbered(sql), values.map(Self.postgres))
            return rows.count == 0 || rows.isNull(0, 0) ? 0 : rows.int64(0, 0)
        }
        #endif
        return try database!.scalarInt(sql, values)
    }

    package func execute(_ sql: String, _ values: [DatabaseValue] = []) throws {
        #if PostgreSQL
        if let connection { try connection.execute(Self.numbered(sql), values.map(Self.postgres)); return }
        #endif
        try database!.withStatement(sql) { try $0.run(values) }
    }

    /// Every byte of every column of every row of `table` (text as UTF-8, blobs as they are), as someone
    /// holding the store reads it. `columns`: how many the table has (SQLite's statement does not say).
    package func allBytes(of table: String, columns: Int) throws -> [UInt8] {
        #if PostgreSQL
        if let connection {
            let rows = try connection.execute("SELECT * FROM \(table)")
            var bytes: [UInt8] = []
            for row in 0..<rows.count {
                for column in 0..<rows.columnCount where !rows.isNull(row, column) { bytes += rows.bytes(row, column) }
            }
            return bytes
        }
        #endif
        return try database!.withStatement("SELECT * FROM \(table)") { s in
            var bytes: [UInt8] = []
            while try s.step() {
                for column in 0..<Int32(columns) { bytes += s.isBlob(column) ? s.blob(column) : Array(s.text(column).utf8) }
            }
            return bytes
        }
    }

    /// The first column of every row, as integers.
    package func integers(_ sql: String, _ values: [DatabaseValue] = []) throws -> [Int64] {
        #if PostgreSQL
        if let connection {
            let rows = try connection.execute(Self.numbered(sql), values.map(Self.postgres))
            return (0..<rows.count).map { rows.int64($0, 0) }
        }
        #endif
        return try database!.withStatement(sql) { s in
            try s.bind(values)
            var out: [Int64] = []
            while try s.step() { out.append(s.int64(0)) }
            return out
        }
    }

    /// The first column of every row, as bytes.
    package func blobs(_ sql: String, _ values: [DatabaseValue] = []) throws -> [[UInt8]] {
        #if PostgreSQL
        if let connection {
            let rows = try connection.execute(Self.numbered(sql), values.map(Self.postgres))
            return (0..<rows.count).map { rows.bytes($0, 0) }
        }
        #endif
        return try database!.withStatement(sql) { s in
            try s.bind(values)
            var out: [[UInt8]] = []
            while try s.step() { out.append(s.blob(0)) }
            return out
        }
    }

    #if PostgreSQL
    /// `?` placeholders as `$n` (none of the tests' SQL holds a `?` in a string literal).
    private static func numbered(_ sql: String) -> String {
        var out = ""
        var next = 1
        for character in sql {
            if character == "?" { out += "$\(next)"; next += 1 } else { out.append(character) }
        }
        // count(*) is bigint already; other integer expressions are cast where the tests compute them.
        return out
    }

    private static func postgres(_ value: DatabaseValue) -> PostgresValue {
        switch value {
        case .null: .null
        case .integer(let value): .integer(value)
        case .text(let value): .text(value)
        case .blob(let value): .bytes(value)
        }
    }
    #endif
}
