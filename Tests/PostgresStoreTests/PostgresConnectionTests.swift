#if PostgreSQL
import PostgresStore
import StoreTestSupport
import XCTest

final class PostgresConnectionTests: XCTestCase {
    private func connect() throws -> PostgresConnection {
        let server = try TestStores.postgres()
        return try PostgresConnection(conninfo: server.conninfo(try server.createDatabase()))
    }

    func testValuesRoundTripInBinary() throws {
        let connection = try connect()
        let text = "Zoë 🙂 \u{1}end"  // text cannot hold NUL in PostgreSQL; sealed values are bytea
        let bytes: [UInt8] = [0, 1, 0, 255, 39, 92]
        let rows = try connection.execute("SELECT $1::bigint, $2::bigint, $3::text, $4::bytea, $5::bigint IS NULL, $6::bigint",
                                          [.integer(Int64.min), .integer(-2), .text(text), .bytes(bytes), .null, .integer(Int64.max)])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.int64(0, 0), Int64.min)
        XCTAssertEqual(rows.int64(0, 1), -2)
        XCTAssertEqual(rows.text(0, 2), text)
        XCTAssertEqual(rows.bytes(0, 3), bytes)
        XCTAssertEqual(rows.int64(0, 5), Int64.max)
        XCTAssertEqual(rows.bytes(0, 4), [1], "IS NULL of a NULL parameter: boolean true")
        let empty = try connection.execute("SELECT ''::bytea, NULL::bytea")
        XCTAssertEqual(empty.bytes(0, 0), [])
        XCTAssertNil(empty.optionalBytes(0, 1))
    }

    func testArraysTravelAsOneParameter() throws {
        let connection = try connect()
        try connection.run("CREATE TABLE t(name text, n bigint, b bytea)")
        let inserted = try connection.execute("INSERT INTO t SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])",
                                              [PostgresArray.text(["a", "é", ""]), PostgresArray.bigint([1, -1, 1 << 40]),
                                               PostgresArray.bytea([[1], [], [0, 0]])])
        XCTAssertEqual(inserted.affected, 3)
        let rows = try connection.execute("SELECT name, n, b FROM t WHERE n = ANY($1::bigint[]) ORDER BY n", [PostgresArray.bigint([-1, 1 << 40])])
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows.text(0, 0), "é")
        XCTAssertEqual(rows.bytes(0, 2), [])
        XCTAssertEqual(rows.int64(1, 1), 1 << 40)
        XCTAssertEqual(rows.bytes(1, 2), [0, 0])
    }

    func testAConstraintErrorNamesNoValue() throws {
        let connection = try connect()
        try connection.run("CREATE TABLE people(email text PRIMARY KEY)")
        let secret = "ada.lovelace@example.com"
        try connection.execute("INSERT INTO people VALUES($1)", [.text(secret)])
        XCTAssertThrowsError(try connection.execute("INSERT INTO people VALUES($1)", [.text(secret)])) { error in
            guard let error = error as? PostgresError else { return XCTFail("\(error)") }
            XCTAssertTrue(error.isUniqueViolation)
            XCTAssertFalse(error.isTransient)
            XCTAssertEqual(error.recovery, .none)
            XCTAssertFalse(error.description.contains("ada"), "PostgreSQL's DETAIL quotes the value; never passed on: \(error)")
            XCTAssertTrue(error.description.contains("23505"), "\(error)")
        }
        // The same connection goes on after an error outside a transaction.
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM people").int64(0, 0), 1)
    }

    func testATransactionCommitsOrRollsBack() throws {
        let connection = try connect()
        try connection.run("CREATE TABLE t(n bigint PRIMARY KEY)")
        try connection.inTransaction { try connection.execute("INSERT INTO t VALUES(1)") }
        struct Refused: Error {}
        XCTAssertThrowsError(try connection.inTransaction {
            try connection.execute("INSERT INTO t VALUES(2)")
            throw Refused()
        })
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(0, 0), 1, "the thrown body's insert is rolled back")
        // A statement fails and the body carries on: COMMIT would quietly roll back; it throws instead.
        XCTAssertThrowsError(try connection.inTransaction {
            try connection.execute("INSERT INTO t VALUES(3)")
            _ = try? connection.execute("INSERT INTO t VALUES(1)")
        }) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "25P02", "\(error)")
        }
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(0, 0), 1)
    }

    func testEnqueuedWritesTravelTogetherAndTheirFailureSurfacesAtCommit() throws {
        let connection = try connect()
        try connection.run("CREATE TABLE t(n bigint PRIMARY KEY)")
        try connection.inTransaction {
            for n in 1...3 { try connection.enqueue("INSERT INTO t VALUES($1)", [.integer(Int64(n))]) }
            // A read in between reads the writes before it.
            XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(0, 0), 3)
            try connection.enqueue("INSERT INTO t VALUES($1)", [.integer(4)])
        }
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(0, 0), 4)
        // A duplicate among enqueued writes fails the transaction at its commit, with its own error.
        XCTAssertThrowsError(try connection.inTransaction {
            try connection.enqueue("INSERT INTO t VALUES($1)", [.integer(5)])
            try connection.enqueue("INSERT INTO t VALUES($1)", [.integer(1)])
            try connection.enqueue("INSERT INTO t VALUES($1)", [.integer(6)])
        }) { error in
            XCTAssertEqual((error as? PostgresError)?.isUniqueViolation, true, "\(error)")
        }
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(0, 0), 4, "nothing of the failed transaction")
        // A statement first prepared in a failed pipeline is prepared again, under a name of its own.
        XCTAssertThrowsError(try connection.inTransaction {
            try connection.enqueue("INSERT INTO t VALUES($1 + 0)", [.integer(1)])
        })
        try connection.inTransaction { try connection.enqueue("INSERT INTO t VALUES($1 + 0)", [.integer(7)]) }
        try connection.inTransaction { try connection.enqueue("INSERT INTO t VALUES($1)", [.integer(8)]) }
        XCTAssertEqual(try connection.execute("SELECT count(*) FROM t").int64(0, 0), 6)
    }

    func testASnapshotSeesOneStateAndWritesNothing() throws {
        let server = try TestStores.postgres()
        let name = try server.createDatabase()
        let reader = try PostgresConnection(conninfo: server.conninfo(name))
        let writer = try PostgresConnection(conninfo: server.conninfo(name))
        try writer.run("CREATE TABLE t(n bigint)")
        try reader.inTransaction(.snapshot) {
            XCTAssertEqual(try reader.execute("SELECT count(*) FROM t").int64(0, 0), 0)
            try writer.execute("INSERT INTO t VALUES(1)")
            XCTAssertEqual(try reader.execute("SELECT count(*) FROM t").int64(0, 0), 0, "one view for the whole snapshot")
        }
        XCTAssertThrowsError(try reader.inTransaction(.snapshot) { try reader.execute("INSERT INTO t VALUES(2)") }) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "25006", "a read-only transaction: \(error)")
        }
        XCTAssertEqual(try writer.execute("SELECT count(*) FROM t").int64(0, 0), 1)
    }

    func testSessionDefaultsBoundEveryWait() throws {
        let connection = try connect()
        XCTAssertEqual(try connection.execute("SELECT current_setting('statement_timeout')").text(0, 0), "10s")
        XCTAssertEqual(try connection.execute("SELECT current_setting('application_name')").text(0, 0), "piivault")
    }

    func testAnUnreachableServerIsATransientConnectionError() throws {
        XCTAssertThrowsError(try PostgresConnection(conninfo: "postgresql://vault@127.0.0.1:1/none")) { error in
            guard let error = error as? PostgresError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.sqlState, "")
            XCTAssertEqual(error.recovery, .retryLater)
            XCTAssertTrue(error.message.hasPrefix("connect to postgresql://vault@127.0.0.1:1/none"), error.message)
        }
    }

    func testAPasswordNeverReachesAMessage() throws {
        let conninfo = "postgresql://vault:s3cr3t-pw@127.0.0.1:1/none"
        XCTAssertTrue(PostgresConnectionString.hasPassword(conninfo))
        XCTAssertFalse(PostgresConnectionString.hasPassword("postgresql://vault@127.0.0.1:1/none"))
        XCTAssertEqual(PostgresConnectionString.location(of: conninfo), "postgresql://vault@127.0.0.1:1/none")
        XCTAssertThrowsError(try PostgresConnection(conninfo: conninfo)) { error in
            XCTAssertFalse("\(error)".contains("s3cr3t"), "\(error)")
        }
        XCTAssertEqual(PostgresConnectionString.location(of: "host=a,b port=5432,5433 dbname=v user=u password=x target_session_attrs=read-write"),
                       "postgresql://u@a:5432,b:5433/v")
        XCTAssertThrowsError(try PostgresConnectionString.validate("postgresql://h/db?nonsense=1"))
    }
}
#endif
