import Foundation
import HTTPTestSupport
import Locking
import StoreTestSupport
import XCTest
@testable import Vault

/// Two nodes (two vaults, each with its own data directory and server) on the same PostgreSQL stores give
/// the answers one node gives. Runs in the PostgreSQL pass of the suite; skipped on SQLite, whose file one
/// node owns.
final class MultiNodeTests: XCTestCase {
    private func twoNodes() throws -> (APIFixture, APIFixture) {
        guard TestStores.isPostgreSQL else { throw XCTSkip("several nodes share one store on PostgreSQL only") }
        let a = try APIFixture()
        return (a, try APIFixture(nodeOf: a))
    }

    func testATokenFromOneNodeReadsBackOnTheOther() throws {
        let (a, b) = try twoNodes()
        let tokens = try a.tokenize(["e": "shared@example.org", "n": 7]).tokens
        XCTAssertEqual(try b.detokenize(tokens).data as NSDictionary, ["e": "shared@example.org", "n": 7] as NSDictionary)
    }

    func testGetOrCreateRacingOnTwoNodesMakesOneProfile() throws {
        let (a, b) = try twoNodes()
        for round in 0..<5 {
            let email = "race-\(round)@example.org"
            let answers = Locked<[(status: Int, id: String?)]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { i in
                let node = i % 2 == 0 ? a : b
                let response = try? node.createProfile(["email": email])
                answers.withLock { $0.append((response?.status ?? 0, response?.json["id"] as? String)) }
            }
            let all = answers.withLock { $0 }
            XCTAssertEqual(all.filter { $0.status == 201 }.count, 1, "one creation: \(all.map(\.status))")
            XCTAssertEqual(all.filter { $0.status == 200 }.count, 7, "the others find it: \(all.map(\.status))")
            XCTAssertEqual(Set(all.compactMap(\.id)).count, 1, "one profile id for one e-mail")
        }
        let database = try a.openRegionDatabase(.eu)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM profiles"), 5)
        XCTAssertEqual(try database.scalarInt("SELECT count(DISTINCT display_id) FROM profiles"), 5)
    }

    func testAStaleUpdateIs409WhicheverNodeMadeTheNewerOne() throws {
        let (a, b) = try twoNodes()
        let profile = try a.newProfile("occ@example.org", ["full_name": "Ann Occ"])
        let id = profile["id"] as! String
        let updatedAt = profile["updated_at"]!
        XCTAssertEqual(try b.patch("\(APIFixture.profiles)/\(id)", ["last_updated_at": updatedAt, "full_name": "Bea Occ"]).status, 200)
        XCTAssertEqual(try a.patch("\(APIFixture.profiles)/\(id)", ["last_updated_at": updatedAt, "full_name": "Cy Occ"]).status, 409)
        XCTAssertEqual(try a.get("\(APIFixture.profiles)/\(id)").json["full_name"] as? String, "Bea Occ")
    }

    /// The same stale check sent to both nodes at the same instant: one 200, the other 409, never two 200s
    /// of which one overwrote the other (outside tester: 5 of 5 pairs lost an update before the row lock).
    func testTwoNodesPatchingAtOnceFromOneVersionGetOne200AndOne409() throws {
        let (a, b) = try twoNodes()
        for round in 0..<5 {
            let profile = try a.newProfile("race-\(round)@example.org", ["full_name": "Ann Race"])
            let id = profile["id"] as! String
            let updatedAt = profile["updated_at"] as! String
            let statuses = Locked<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let body: [String: Any] = ["last_updated_at": updatedAt, "full_name": i == 0 ? "From A" : "From B"]
                let status = (try? (i == 0 ? a : b).patch("\(APIFixture.profiles)/\(id)", body).status) ?? 0
                statuses.withLock { $0.append(status) }
            }
            XCTAssertEqual(statuses.withLock { $0.sorted() }, [200, 409], "round \(round)")
        }
    }

    /// A node whose --store names another database for a region (a typo, an empty database) is refused
    /// before it writes there: it would have made a second, empty EU store (outside tester).
    func testANodeGivenAnotherDatabaseForARegionIsRefusedAndWritesNothingThere() throws {
        let (a, _) = try twoNodes()
        let server = try TestStores.postgres()
        let fresh = try server.createDatabase()
        let engine = try TestStores.postgresEngine([
            .control: try XCTUnwrap(TestStores.conninfo(of: .control, dataDirectory: a.dataDirectory)),
            .region(.eu): server.conninfo(fresh),
            .region(.us): try XCTUnwrap(TestStores.conninfo(of: .region(.us), dataDirectory: a.dataDirectory)),
        ])
        XCTAssertThrowsError(try APIFixture(nodeOf: a, engine: engine)) { error in
            XCTAssertTrue("\(error)".contains("is not the EU store of this deployment"), "\(error)")
        }
        let tables = try server.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: fresh)
        XCTAssertEqual(tables.trimmingCharacters(in: .whitespacesAndNewlines), "0")
    }

    func testAKeyRevokedOnOneNodeIsRefusedByTheOtherWithinASecond() throws {
        let (a, b) = try twoNodes()
        let secret = try a.makeKey(tenant: "acme", scopes: [.tokenize])
        XCTAssertEqual(try b.tokenize(["v": 1], key: secret).status, 200)
        XCTAssertTrue(try a.control.revokeKey(id: try XCTUnwrap(APIKeySecret.keyID(of: secret))))
        let revoked = Date()
        var status = 200
        while status == 200 && Date().timeIntervalSince(revoked) < 3 {
            status = try b.tokenize(["v": 1], key: secret).status
            if status == 200 { usleep(50_000) }
        }
        XCTAssertEqual(status, 401)
        XCTAssertLessThan(Date().timeIntervalSince(revoked), 1.2, "refused within the verification cache's second")
    }

    func testConcurrentWritersKeepOneVerifiableAuditChain() throws {
        let (a, b) = try twoNodes()
        let answers = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let response = try? (i % 2 == 0 ? a : b).tokenize(["v": i])
            answers.withLock { $0.append("\(response?.status ?? 0) \(response?.errors ?? [:])") }
        }
        XCTAssertEqual(answers.withLock { $0.filter { $0 != "200 [:]" } }, [], "every write stored")
        a.stop()
        b.stop()
        let engine = try TestStores.engine(for: a.dataDirectory)
        let chain = try XCTUnwrap(AuditFiles.chains(dataDirectory: a.dataDirectory, engine: engine).first { $0.name == "EU" })
        guard case .intact(let records) = try AuditFiles.verify(chain, keysDirectory: a.keysDirectory) else {
            return XCTFail("the EU chain does not verify after two nodes wrote it")
        }
        XCTAssertEqual(records, 40)
    }

    func testOneSweepAtATimeAcrossNodes() throws {
        let (a, b) = try twoNodes()
        let engine = try TestStores.engine(for: a.dataDirectory)
        let holder = try engine.openRegion(.eu, at: engine.location(of: .region(.eu), dataDirectory: a.dataDirectory), serving: false)
        XCTAssertTrue(try holder.lockForSweep(), "the first sweep takes the lock")
        let sweeper = Sweeper(dataDirectory: b.dataDirectory, keysDirectory: b.keysDirectory, now: WallClock.milliseconds(),
                              dryRun: false, engine: try TestStores.engine(for: b.dataDirectory))
        var reports: [SweepReport] = []
        try sweeper.run { reports.append($0) }
        XCTAssertEqual(reports.first { $0.region == .eu }?.skippedBusy, true, "another node's sweep of EU is running")
        XCTAssertEqual(reports.first { $0.region == .us }?.skippedBusy, false)
    }
}
