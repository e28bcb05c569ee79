#if PostgreSQL
import Foundation
import Locking
import PostgresStore
import StoreTestSupport
import XCTest

/// A server that restarts under a pool and a group-commit writer: both reconnect by themselves.
final class PostgresRecoveryTests: XCTestCase {
    private var server: TestPostgres!

    override func setUpWithError() throws {
        _ = try TestStores.postgres()  // skips loudly where PostgreSQL is missing
        server = try TestPostgres()
    }

    override func tearDown() {
        try? server.stop(mode: "immediate")
    }

    func testAPoolReadsAgainAfterTheServerRestarted() throws {
        let conninfo = server.conninfo()
        let pool = PostgresPool { try PostgresConnection(conninfo: conninfo) }
        XCTAssertEqual(try pool.withConnection { try $0.execute("SELECT 1::bigint").int64(0, 0) }, 1)
        try server.stop(mode: "immediate")
        XCTAssertThrowsError(try pool.withConnection { try $0.execute("SELECT 1::bigint") }) { error in
            XCTAssertEqual((error as? PostgresError)?.recovery, .retryLater, "\(error)")
        }
        try server.start()
        XCTAssertEqual(try pool.withConnection { try $0.execute("SELECT 2::bigint").int64(0, 0) }, 2)
    }

    func testTheWriterGroupsJobsFailsOneAloneAndReconnects() throws {
        let conninfo = server.conninfo()
        let setup = try PostgresConnection(conninfo: conninfo)
        try setup.run("CREATE TABLE t(n bigint PRIMARY KEY)")
        let writer = PostgresGroupCommit(connection: nil, name: "test-writer") { try PostgresConnection(conninfo: conninfo) }
        defer { writer.close() }
        let results = Locked<[Int: Bool]>([:])
        let group = DispatchGroup()
        for n in 0..<200 {
            group.enter()
            // Job 50 inserts a row job 49 also inserts: it alone fails.
            let value = n == 50 ? 49 : n
            writer.submit({ try $0.execute("INSERT INTO t VALUES($1)", [.integer(Int64(value))]) }) { result in
                results.withLock { $0[n] = (try? result.get()) != nil }
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(results.withLock { $0.filter { !$0.value }.map(\.key) }, [50])
        XCTAssertEqual(try setup.execute("SELECT count(*) FROM t").int64(0, 0), 199)

        try server.stop(mode: "immediate")
        XCTAssertThrowsError(try submitAndWait(writer, 1000)) { error in
            XCTAssertEqual((error as? PostgresError)?.recovery, .retryLater, "\(error)")
        }
        try server.start()
        XCTAssertNoThrow(try submitAndWait(writer, 1001), "the next group reconnects")
        let again = try PostgresConnection(conninfo: conninfo)
        XCTAssertEqual(try again.execute("SELECT count(*) FROM t WHERE n >= 1000").int64(0, 0), 1)
    }

    /// A server that keeps its connections but stops answering (frozen here; a COMMIT waiting for a lost
    /// synchronous standby looks the same): every wait ends at the deadline, the connection is given up, and
    /// once the server answers again a new connection works.
    func testAServerThatStopsAnsweringIsGivenUpAtTheDeadline() throws {
        let connection = try PostgresConnection(conninfo: server.conninfo())
        connection.answerTimeoutMilliseconds = 1_000
        try server.freeze(true)
        defer { try? server.freeze(false) }
        let started = Date()
        XCTAssertThrowsError(try connection.execute("SELECT 1::bigint")) { error in
            XCTAssertEqual((error as? PostgresError)?.recovery, .retryLater, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertTrue(connection.isBroken)
        XCTAssertThrowsError(try connection.execute("SELECT 1::bigint"), "a given-up connection is not used again")
        try server.freeze(false)
        XCTAssertEqual(try PostgresConnection(conninfo: server.conninfo()).execute("SELECT 2::bigint").int64(0, 0), 2)
    }

    /// Two nodes' writers both get-or-create one row: the second's INSERT waits on the first's uncommitted one,
    /// then fails on the unique index; run again alone, the job reads the row the other node committed.
    func testAJobThatLostARaceToAnotherNodeRunsAgainAndFindsItsRow() throws {
        let conninfo = server.conninfo()
        let setup = try PostgresConnection(conninfo: conninfo)
        try setup.run("CREATE TABLE people(email text PRIMARY KEY, node text NOT NULL)")
        let open: @Sendable () throws -> PostgresConnection = { try PostgresConnection(conninfo: conninfo) }
        let nodeA = PostgresGroupCommit(connection: nil, name: "node-a", open: open)
        let nodeB = PostgresGroupCommit(connection: nil, name: "node-b", open: open)
        defer { nodeA.close(); nodeB.close() }
        let found = Locked<[String: String]>([:])
        let done = DispatchGroup()
        func getOrCreate(_ writer: PostgresGroupCommit, node: String, holdMilliseconds: UInt32) {
            done.enter()
            writer.submit({ connection in
                let existing = try connection.execute("SELECT node FROM people WHERE email = 'x@example.org'")
                if existing.count > 0 {
                    found.withLock { $0[node] = existing.text(0, 0) }
                    return
                }
                try connection.execute("INSERT INTO people VALUES('x@example.org', $1)", [.text(node)])
                usleep(holdMilliseconds * 1_000)
                found.withLock { $0[node] = node }
            }) { result in
                if case .failure(let error) = result { found.withLock { $0[node] = "failed: \(error)" } }
                done.leave()
            }
        }
        getOrCreate(nodeA, node: "a", holdMilliseconds: 400)
        usleep(100_000)
        getOrCreate(nodeB, node: "b", holdMilliseconds: 0)
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(found.withLock { $0 }, ["a": "a", "b": "a"], "b lost the race and found a's row")
        XCTAssertEqual(try setup.execute("SELECT count(*) FROM people").int64(0, 0), 1)
    }

    private func submitAndWait(_ writer: PostgresGroupCommit, _ value: Int64) throws {
        let outcome = Locked<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        writer.submit({ try $0.execute("INSERT INTO t VALUES($1)", [.integer(value)]) }) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        try outcome.withLock { $0 }?.get()
    }
}
#endif
