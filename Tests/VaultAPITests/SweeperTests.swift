import Foundation
import HTTPTestSupport
import Synchronization
import StoreTestSupport
import VaultSQLite
import VaultStore
import XCTest
@testable import Vault

/// `Sweeper` against a vault that is serving: what it removes, that it is gone from the files, that the
/// server keeps answering, that two sweeps do not double-count.
final class SweeperTests: XCTestCase {
    let start: Int64 = 1_800_000_000_000
    let day = Vault.millisecondsPerDay

    final class Clock: Sendable {
        let now: Mutex<Int64>
        init(_ start: Int64) { now = Mutex(start) }
        func set(_ value: Int64) { now.withLock { $0 = value } }
    }

    func makeFixture(_ clock: Clock, dataKeyMaxAge: Int64? = nil) throws -> APIFixture {
        try APIFixture(regions: [.eu]) { vault, _ in
            vault.clock = { clock.now.withLock { $0 } }
            if let dataKeyMaxAge { vault.dataKeyMaxAgeMilliseconds = dataKeyMaxAge }
        }
    }

    func sweeper(_ fixture: APIFixture, at now: Int64, dryRun: Bool = false) throws -> Sweeper {
        var sweeper = Sweeper(dataDirectory: fixture.dataDirectory, keysDirectory: fixture.keysDirectory, now: now, dryRun: dryRun,
                              engine: try TestStores.engine(for: fixture.dataDirectory))
        sweeper.batchRows = 7  // many small batches, as a large sweep does
        sweeper.batchBlobs = 2
        return sweeper
    }

    func sweep(_ sweeper: Sweeper) throws -> SweepReport {
        var reports: [SweepReport] = []
        try sweeper.run { reports.append($0) }
        XCTAssertEqual(reports.count, 1)
        return reports[0]
    }

    func testRemovesExpiredTokensDataAndDeletedProfilesAndNothingElse() throws {
        let clock = Clock(start)
        let fixture = try makeFixture(clock)
        var old: [String: String] = [:]
        for n in 0..<20 { old["k\(n)"] = "old-\(n)@example.org" }
        let oldTokens = try fixture.tokenize(old).tokens
        XCTAssertEqual(oldTokens.count, 20)
        let shortData = try fixture.post("/v1/d/pii/data", fixture.json(["content_type": "text/plain", "content": "AAAA", "ttl": 1]))
        let keptData = try fixture.post("/v1/d/pii/data", fixture.json(["content_type": "text/plain", "content": "BBBB"]))
        let gone = try fixture.newProfile("gone@example.org")["id"] as! String
        XCTAssertEqual(try fixture.post("\(APIFixture.profiles)/\(gone)/delete", "").status, 202)
        let kept = try fixture.newProfile("kept@example.org")["id"] as! String

        clock.set(start + 25 * day)
        let young = try fixture.tokenize(["y": "young@example.org"]).tokens["y"]!
        let database = try fixture.openRegionDatabase(Region.eu)
        let sealedOld = try database.blobs("SELECT sealed FROM tokens ORDER BY id LIMIT 1").first ?? []

        XCTAssertTrue(fixture.allFileBytes().contains(sealedOld), "the scan below can see a ciphertext while it is stored")

        // Day 31: the first tokens are past their 30 days, the young one is not.
        let now = start + 31 * day
        let planned = try sweep(try sweeper(fixture, at: now, dryRun: true))
        XCTAssertEqual([planned.expiredTokens, planned.expiredData, planned.deletedProfiles], [20, 1, 1])
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM tokens"), 21, "a dry run changes nothing")

        let done = try sweep(try sweeper(fixture, at: now))
        XCTAssertEqual([done.expiredTokens, done.expiredData, done.deletedProfiles], [20, 1, 1])
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM tokens"), 1)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM data_blobs"), 1)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM profiles"), 1)
        XCTAssertTrue(done.walCheckpointed)

        clock.set(now)
        XCTAssertEqual(try fixture.detokenize(["y": young]).data["y"] as? String, "young@example.org")
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(kept)").status, 200)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/\(keptData.json["id"] as! String)").status, 200)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/\(shortData.json["id"] as! String)").status, 404)

        let again = try sweep(try sweeper(fixture, at: now))
        XCTAssertEqual(again.total, 0, "nothing is counted twice")

        // The sweep is on the region's audit record, and the chain still verifies.
        let chain = AuditFiles.chains(dataDirectory: fixture.dataDirectory, engine: try TestStores.engine(for: fixture.dataDirectory)).first { $0.name == "EU" }!
        let records = try AuditFiles.records(chain, keysDirectory: fixture.keysDirectory, tenant: nil, last: 10)
        XCTAssertTrue(records.contains {
            $0.operation == "sweep" && $0.outcome == "removed 20 expired tokens, 1 expired data entries, 1 deleted profiles, 0 unused data keys"
        })
        guard case .intact = try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory) else {
            return XCTFail("the chain no longer verifies")
        }

        // Gone from the files: neither the database pages nor the WAL hold a swept ciphertext.
        fixture.stop()
        XCTAssertFalse(sealedOld.isEmpty)
        XCTAssertFalse(fixture.allFileBytes().contains(sealedOld))
    }

    func testTheServerKeepsAnsweringAndTwoSweepsDoNotDoubleCount() throws {
        let clock = Clock(start)
        let fixture = try makeFixture(clock)
        for batch in 0..<20 {
            var data: [String: String] = [:]
            for n in 0..<25 { data["k\(n)"] = "v\(batch)-\(n)" }
            XCTAssertEqual(try fixture.tokenize(data).tokens.count, 25)
        }
        clock.set(start + 31 * day)
        let now = start + 31 * day
        let totals = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        let sweeper = try self.sweeper(fixture, at: now)
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                do {
                    try sweeper.run { report in totals.withLock { $0.append(report.expiredTokens) } }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
        }
        // Requests during the sweeps are answered, and what they store is kept.
        var fresh: [String] = []
        for n in 0..<20 {
            let response = try fixture.tokenize(["n": "during-\(n)"])
            XCTAssertEqual(response.status, 200)
            fresh.append(response.tokens["n"] ?? "")
        }
        group.wait()
        XCTAssertEqual(failures.withLock { $0 }, [])
        XCTAssertEqual(totals.withLock { $0 }.reduce(0, +), 500, "one sweep removed them all, the other found nothing")
        XCTAssertEqual(totals.withLock { $0 }.sorted(), [0, 500])
        XCTAssertEqual(try fixture.detokenize(Dictionary(uniqueKeysWithValues: fresh.enumerated().map { ("k\($0.offset)", $0.element) }))
                        .data.count, 20)
    }
}
