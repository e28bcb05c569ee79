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

    package func execute(_ sql: String) throws {
        #if PostgreSQL
        if let connection { return try connection.run(sql) }
        #endif
        try database!.execute(sql)
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
