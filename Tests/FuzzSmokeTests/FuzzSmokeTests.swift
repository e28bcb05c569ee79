import Foundation
import HTTPTestSupport
import XCTest

/// Every libFuzzer target (Tests/Fuzz) for a few seconds, after its seeds and regression inputs: the short
/// version CI runs. `scripts/fuzz TARGET SECONDS` runs one for longer.
final class FuzzSmokeTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func run(_ target: String) throws {
        let result = try runProcess("/usr/bin/env", ["FUZZ_ARTIFACTS=" + NSTemporaryDirectory() + "fuzz-artifacts",
                                                     root + "/scripts/fuzz", target, "4"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("stat::number_of_executed_units"), result.output)
    }

    func testHTTPParser() throws { try run("FuzzHTTPParser") }
    func testJSONRequests() throws { try run("FuzzJSONRequests") }
    func testIDs() throws { try run("FuzzIDs") }
    func testCiphertext() throws { try run("FuzzCiphertext") }
    func testProviderAnswers() throws { try run("FuzzProviderAnswers") }
}
