import Foundation
import XCTest

/// The served OpenAPI document carries every /setup operation, with no id shared across the document
/// (schemathesis follows links by operation id; `scripts/contract` checks the answers against it).
final class SetupOpenAPITests: XCTestCase {
    func testEverySetupOperationIsDescribedOnce() throws {
        let f = try SetupFixture()
        let document = try f.send("GET", "/openapi.json").json
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        var operations: [String] = []
        var ids: [String] = []
        for (path, item) in paths {
            for (method, operation) in item where method != "parameters" {
                if path.hasPrefix("/setup") { operations.append(method.uppercased() + " " + path) }
                if let id = (operation as? [String: Any])?["operationId"] as? String { ids.append(id) }
            }
        }
        XCTAssertEqual(operations.count, 22, operations.sorted().joined(separator: "\n"))
        XCTAssertEqual(Set(ids).count, ids.count, "an operationId is used twice")
        let components = try XCTUnwrap(document["components"] as? [String: [String: Any]])
        XCTAssertNotNil(components["responses"]?["E502"])
        XCTAssertNotNil(components["schemas"]?["Store"])
        XCTAssertNotNil(components["responses"]?["E400"], "the vault's own components are still there")
    }
}
