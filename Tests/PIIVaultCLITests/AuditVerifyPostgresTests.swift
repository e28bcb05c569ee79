import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import StoreTestSupport
import XCTest

/// `piivault audit verify` of a node whose stores are on PostgreSQL, given the wrong options: each mistake is
/// named as the mistake it is, never as tampering (an outside tester read "altered" and "missing" as such).
final class AuditVerifyPostgresTests: XCTestCase {
    private var root = ""
    private var base = ""
    /// PIIVAULT_BIN: another build (an older one, to see these tests fail), as in `ProcessTests`.
    private let binary = ProcessInfo.processInfo.environment["PIIVAULT_BIN"]
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"

    override func setUpWithError() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        let server = try TestStores.postgres()
        root = NSTemporaryDirectory() + "verify-pg-\(UUID().uuidString)"
        let prefix = "verify_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        for suffix in ["control", "eu", "us"] { try server.sql("CREATE DATABASE \(prefix)_\(suffix)") }
        base = "postgresql://vault@127.0.0.1:\(server.port)/\(prefix)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private var dirs: [String] { ["--keys-dir", root + "/keys", "--data-dir", root + "/node"] }

    private func piivault(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(binary, arguments, timeout: 120)
    }

    /// A node on PostgreSQL that wrote records to both regions' chains, then stopped (anchoring them).
    private func populatedNode() throws {
        XCTAssertEqual(try piivault(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        XCTAssertEqual(try piivault(["tenant", "create", "acme", "--control-store", base + "_control"] + dirs).status, 0)
        let created = try piivault(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize", "--control-store", base + "_control"] + dirs)
        let secret = created.output.split(separator: "\n").last.map(String.init) ?? ""
        let (process, port, _) = try startServer(binary, ["serve", "--port", "0", "--log-level", "warning", "--store",
                                                          "EU=\(base)_eu,US=\(base)_us", "--control-store", base + "_control"] + dirs)
        for region in ["EU", "US", "US"] {
            let headers = ["Authorization": "Bearer " + secret, "Tenant": "acme", "Content-Type": "application/json",
                           "Residency-Region": region]
            XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers, body: #"{"data":{"v":"x"}}"#).status, 200)
        }
        process.terminate()
        process.waitUntilExit()
        let verify = try piivault(["audit", "verify", "--store", "EU=\(base)_eu,US=\(base)_us", "--control-store", base + "_control"] + dirs)
        XCTAssertEqual(verify.status, 0, verify.output)
    }

    func testARegionDatabaseOfAnotherRegionIsNamedAsSuchNotAsAltered() throws {
        try populatedNode()
        let swapped = try piivault(["audit", "verify", "--store", "EU=\(base)_us,US=\(base)_eu", "--control-store", base + "_control"] + dirs)
        XCTAssertEqual(swapped.status, 1, swapped.output)
        XCTAssertTrue(swapped.output.contains("EU: cannot verify: \(base)_us holds region US, not region EU"), swapped.output)
        XCTAssertTrue(swapped.output.contains("US: cannot verify: \(base)_eu holds region EU, not region US"), swapped.output)
        XCTAssertFalse(swapped.output.contains("altered"), swapped.output)
        // The control store named where a region's is, and the other way round.
        let crossed = try piivault(["audit", "verify", "--store", "EU=\(base)_control", "--control-store", base + "_eu"] + dirs)
        XCTAssertEqual(crossed.status, 1, crossed.output)
        XCTAssertTrue(crossed.output.contains("control: cannot verify: \(base)_eu holds region EU, not the control store"), crossed.output)
        XCTAssertTrue(crossed.output.contains("EU: cannot verify: \(base)_control holds the control store, not region EU"), crossed.output)
    }

    func testARegionLeftOutOfStoreIsNotCalledRemovedOutright() throws {
        try populatedNode()
        let verify = try piivault(["audit", "verify", "--store", "EU=\(base)_eu", "--control-store", base + "_control"] + dirs)
        XCTAssertEqual(verify.status, 1, verify.output)
        XCTAssertTrue(verify.output.contains("EU: 1 records, intact"), verify.output)
        XCTAssertTrue(verify.output.contains("US: BROKEN: its database is missing") && verify.output.contains("anchors its record 2")
                      && verify.output.contains("no --store US=... was given: if this store is on PostgreSQL, name it with --store US=..."),
                      verify.output)
        XCTAssertFalse(verify.output.contains("US: BROKEN: its database is missing, but \(root)/node/audit.anchors anchors its record 2: the database was removed"),
                       verify.output)
    }
}
