import Foundation
import HTTPTestSupport
import StoreTestSupport
import XCTest
@testable import Vault

/// `/healthz` of a node one of whose PostgreSQL servers went down: the answer names the stores that do not
/// answer (by region, or `control`), never where they are, and the log says so once when it happens and
/// once when they are back (outside tester: a bare 503, and nothing in the log).
final class HealthCheckTests: XCTestCase {
    func testTheAnswerNamesTheStoresDownAndTheLogSaysOnceWhenAndOnceWhenBack() throws {
        // Its own server: once per run, in the first pass.
        if TestStores.isPostgreSQL { throw XCTSkip("runs in the first pass") }
        let shared = try TestStores.postgres()
        let other = try TestPostgres()
        defer { try? other.stop(mode: "immediate") }
        let engine = try TestStores.postgresEngine([.region(.eu): shared.conninfo(try shared.createDatabase()),
                                                    .region(.us): other.conninfo(try other.createDatabase()),
                                                    .control: other.conninfo(try other.createDatabase())])
        let fixture = try APIFixture(engine: engine)
        defer { fixture.stop() }
        let healthy = try fixture.get("/healthz")
        XCTAssertEqual(healthy.status, 200, healthy.text)
        XCTAssertNil(healthy.json["unavailable"], healthy.text)

        try other.stop(mode: "immediate")
        for _ in 0..<3 {
            let down = try fixture.get("/healthz")
            XCTAssertEqual(down.status, 503, down.text)
            XCTAssertEqual(down.json["status"] as? String, "unavailable")
            XCTAssertEqual(down.json["unavailable"] as? [String], ["US", "control"], down.text)
            XCTAssertFalse(down.text.contains("127.0.0.1"), "no location for a caller without a key: \(down.text)")
        }
        let downLines = fixture.logText().split(separator: "\n").filter { $0.contains("store unavailable") }
        XCTAssertEqual(downLines.count, 2, downLines.joined(separator: "\n"))
        XCTAssertTrue(downLines.contains { $0.contains(#""store":"US""#) && $0.contains(#""level":"warning""#) }, downLines.joined(separator: "\n"))
        XCTAssertTrue(downLines.contains { $0.contains(#""store":"control""#) }, downLines.joined(separator: "\n"))

        try other.start()
        XCTAssertTrue(try fixture.becomesHealthy(), "the node did not see PostgreSQL back within 10 s")
        XCTAssertEqual(try fixture.get("/healthz").status, 200)
        let log = fixture.logText().split(separator: "\n")
        XCTAssertEqual(log.filter { $0.contains("store unavailable") }.count, 2, "no more warnings once back")
        let backLines = log.filter { $0.contains("store available again") }
        XCTAssertEqual(backLines.count, 2, backLines.joined(separator: "\n"))
        XCTAssertTrue(backLines.allSatisfy { $0.contains(#""level":"info""#) }, backLines.joined(separator: "\n"))
    }
}
