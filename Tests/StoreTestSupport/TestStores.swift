import Foundation
import Locking
import Vault
import VaultSQLite
#if PostgreSQL
import VaultPostgres
#endif
import XCTest

/// The engine the vault's test suites run on: SQLite files, or, with `PIIVAULT_TEST_STORE=postgresql` (the
/// second pass of `scripts/test`), PostgreSQL databases on `TestPostgres.shared`: the control store and both
/// regions, each a fresh database per data directory. The same suites thus prove both engines; a fixture
/// that opens the same data directory again gets the same databases.
package enum TestStores {
    package static var isPostgreSQL: Bool { ProcessInfo.processInfo.environment["PIIVAULT_TEST_STORE"] == "postgresql" }

    private static let engines = Locked<[String: any StoreEngine]>([:])
    /// The databases made for each data directory (control, EU, US), for `storedRows` and `conninfo`.
    private static let databases = Locked<[String: [String]]>([:])

    /// The connection string of the PostgreSQL store of `kind` for `dataDirectory`; nil on SQLite.
    package static func conninfo(of kind: StoreKind, dataDirectory: String) -> String? {
        let key = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        guard isPostgreSQL, let names = databases.withLock({ $0[key] }), case .success(let server) = TestPostgres.shared else {
            return nil
        }
        switch kind {
        case .control: return server.conninfo(names[0])
        case .region(.eu): return server.conninfo(names[1])
        case .region(.us): return server.conninfo(names[2])
        default: return nil
        }
    }

    /// The engine for the stores of `dataDirectory`.
    package static func engine(for dataDirectory: String) throws -> any StoreEngine {
        let key = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        if let engine = engines.withLock({ $0[key] }) { return engine }
        guard isPostgreSQL else { return SQLiteEngine() }
        let (engine, names) = try postgresEngine()
        engines.withLock { $0[key] = engine }
        databases.withLock { $0[key] = names }
        return engine
    }

    /// Uses `engine` for the stores of `dataDirectory` (a test that builds its own, a failover's say).
    package static func register(_ engine: any StoreEngine, for dataDirectory: String) {
        engines.withLock { $0[URL(fileURLWithPath: dataDirectory).standardizedFileURL.path] = engine }
    }

    /// Every store on PostgreSQL at these connection strings (the control store and each region's).
    package static func postgresEngine(_ stores: [StoreKind: String]) throws -> any StoreEngine {
        #if PostgreSQL
        return try PostgresEngine(stores: stores).routed(over: SQLiteEngine())
        #else
        throw XCTSkip("this build has no PostgreSQL engine (build with --traits PostgreSQL)")
        #endif
    }

    /// Makes the vault of `other` (a second node) use the PostgreSQL stores of `dataDirectory`.
    package static func share(_ dataDirectory: String, with other: String) throws {
        guard isPostgreSQL else { throw XCTSkip("several nodes share one store on PostgreSQL only") }
        let key = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        let otherKey = URL(fileURLWithPath: other).standardizedFileURL.path
        let engine = try engine(for: dataDirectory)
        engines.withLock { $0[otherKey] = engine }
        databases.withLock { $0[otherKey] = $0[key] }
    }

    /// Every row of every table of the PostgreSQL stores of `dataDirectory`, raw (COPY's binary format: bytea
    /// columns as their bytes, not hex), so a test looking for plaintext in what a copy of the databases
    /// holds sees what an attacker would; empty on SQLite, whose files the caller reads itself.
    package static func storedRows(for dataDirectory: String) throws -> [UInt8] {
        let key = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        guard isPostgreSQL, let names = databases.withLock({ $0[key] }) else { return [] }
        let server = try postgres()
        var out: [UInt8] = []
        for database in names {
            // Every schema's tables: the control database holds the set-up data in a schema of its own.
            let tables = try server.sql("""
                SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
                """, database: database)
            for table in tables.split(separator: "\n") {
                out += try server.copyOut("COPY \(table) TO STDOUT (FORMAT binary)", database: database)
            }
        }
        return out
    }

    /// A test that reads SQLite's files itself (its pages, its WAL) proves nothing on PostgreSQL: skipped there.
    package static func requireSQLite(_ why: String = "reads SQLite's files") throws {
        if isPostgreSQL { throw XCTSkip("SQLite only: \(why)") }
    }

    /// The shared server, or a skip that says loudly why there is none (a failure where CI asked for it).
    package static func postgres() throws -> TestPostgres {
        switch TestPostgres.shared {
        case .success(let server): return server
        case .failure(let error):
            let message = "PostgreSQL tests cannot run: \(error)"
            if ProcessInfo.processInfo.environment["PIIVAULT_REQUIRE_POSTGRES"] == "1" { throw TestPostgresError(message) }
            FileHandle.standardError.write(Data("warning: \(message); skipped\n".utf8))
            throw XCTSkip(message)
        }
    }

    private static func postgresEngine() throws -> (any StoreEngine, [String]) {
        #if PostgreSQL
        let server = try postgres()
        let names = try (0..<3).map { _ in try server.createDatabase() }
        let stores: [StoreKind: String] = [.control: server.conninfo(names[0]), .region(.eu): server.conninfo(names[1]),
                                           .region(.us): server.conninfo(names[2])]
        return (try postgresEngine(stores), names)
        #else
        throw XCTSkip("PIIVAULT_TEST_STORE=postgresql, but this build has no PostgreSQL engine (build with --traits PostgreSQL)")
        #endif
    }
}
