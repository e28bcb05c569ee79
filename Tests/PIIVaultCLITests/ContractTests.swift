import Foundation
import HTTPTestSupport
import XCTest

/// A short `scripts/contract` run: schemathesis against the binary this suite built, checked against the
/// OpenAPI document it serves. Zero 5xx, zero answers that break the document.
final class ContractTests: XCTestCase {
    func testTheAPIKeepsItsOpenAPIContract() throws {
        let hasTool = (try? runProcess("/usr/bin/env", ["python3", "-c", "import schemathesis"]))?.status == 0
        guard hasTool else { throw XCTSkip("schemathesis is not installed (.ci/run installs it; scripts/contract too)") }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        let result = try runProcess("/usr/bin/env", ["PIIVAULT_BIN=" + binary, root + "/scripts/contract", "10"])
        XCTAssertEqual(result.status, 0, String(result.output.suffix(6_000)))
        XCTAssertTrue(result.output.contains(" passed"), String(result.output.suffix(2_000)))
    }
}
