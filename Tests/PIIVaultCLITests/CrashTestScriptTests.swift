import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import StoreTestSupport
import XCTest

/// A short run of `scripts/crashtest` (kill -9 under concurrent tokenize, profile, data and store writes) with the
/// binary this suite built: every acknowledged write must read back after the restart.
final class CrashTestScriptTests: XCTestCase {
    func testNothingAcknowledgedIsLostToKill9() throws {
        try crashtest([])
    }

    /// The stores on PostgreSQL: round 1 kills the node, round 2 kills PostgreSQL itself.
    func testNothingAcknowledgedIsLostToKill9OfANodeOrOfPostgreSQL() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        _ = try TestStores.postgres()  // skips loudly where PostgreSQL is missing
        try crashtest(["CRASHTEST_STORE=postgresql"])
    }

    private func crashtest(_ environment: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is not installed (scripts/crashtest installs it)")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        let result = try runProcess("/usr/bin/env", environment + ["PIIVAULT_BIN=" + binary, root + "/scripts/crashtest", "2"])
        XCTAssertEqual(result.status, 0, result.output)
        let summary = result.output.split(separator: "\n").last.map(String.init) ?? ""
        let counts = summary.split(separator: " ")
        XCTAssertTrue(summary.hasSuffix("acknowledged, 0 lost"), result.output)
        XCTAssertGreaterThan(Int(counts.first ?? "") ?? 0, 100, "the round must have written something")
    }
}
