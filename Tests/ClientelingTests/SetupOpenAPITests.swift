@testable import Clienteling
import Foundation
import HTTPTestSupport
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
        XCTAssertEqual(operations.count, 25, operations.sorted().joined(separator: "\n"))
        XCTAssertEqual(Set(ids).count, ids.count, "an operationId is used twice")
        let components = try XCTUnwrap(document["components"] as? [String: [String: Any]])
        XCTAssertNotNil(components["responses"]?["E502"])
        XCTAssertNotNil(components["schemas"]?["Store"])
        XCTAssertNotNil(components["responses"]?["E400"], "the vault's own components are still there")
    }

    /// The whole served document's references resolve: /setup's to HTTPServer's shared components, its own
    /// `E502` and the vault's `DataId`; each error answer is the `E<status>` of its own status.
    func testEveryReferenceResolves() throws {
        let document = try SetupFixture().send("GET", "/openapi.json").json
        XCTAssertEqual(OpenAPIReferences.unresolved(in: document), [])
        XCTAssertEqual(OpenAPIReferences.misfiledErrors(in: document), [])
        let setupErrors = OpenAPIReferences.misfiledErrors(in: ["paths": document["paths"] ?? [:]])
        XCTAssertTrue(setupErrors.contains("POST /setup/stores/{store_id} 502"),
                      "without the components, the check finds the answers it reads")
    }

    /// Every string a /setup request sends states the rule the endpoint checks (control characters, lengths,
    /// formats), from the endpoints' own limits.
    func testEveryStringASetupRequestSendsStatesItsRule() throws {
        let document = try SetupFixture().send("GET", "/openapi.json").json
        let unruled = OpenAPIRequestRules.unruledStrings(in: document, under: "/setup").filter { !$0.hasSuffix(" X-Request-Id") }
        XCTAssertEqual(unruled, ["GET /setup/stores after"], "any text: the store id to list after")
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        let store = schemas["StoreRegistration"]?["properties"] as? [String: [String: Any]]
        XCTAssertEqual(store?["name"]?["maxLength"] as? Int, StoreEndpoints.nameLength.upperBound)
        let reply = schemas["QuickReplyCreate"]?["properties"] as? [String: [String: Any]]
        XCTAssertEqual(reply?["message"]?["maxLength"] as? Int, TemplateEndpoints.maxMessage)
        XCTAssertNotEqual(reply?["message"]?["pattern"] as? String, reply?["title"]?["pattern"] as? String, "messages keep line feeds")
        let submission = schemas["SubmissionCreate"]?["properties"] as? [String: [String: Any]]
        XCTAssertEqual((submission?["country_code"]?["enum"] as? [String])?.count, RegulatoryRequirements.all.count)
        XCTAssertEqual(submission?["document_ids"]?["uniqueItems"] as? Bool, true)
    }
}
