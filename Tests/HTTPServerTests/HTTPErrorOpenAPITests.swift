import Foundation
@testable import HTTPServer
import HTTPTestSupport
import XCTest

/// The shared OpenAPI components describe what `HTTPError` really answers, and whatever the `OpenAPI` builder
/// refers to is among them: a route module's part needs no other module's text to resolve.
final class HTTPErrorOpenAPITests: XCTestCase {
    private func json(_ serialized: [UInt8]) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(serialized)) as? [String: Any])
    }

    func testEveryStatusTheBuilderAddsHasItsSharedResponse() {
        let statuses = HTTPError.documentedStatuses.map(\.status)
        XCTAssertEqual(Set(statuses).count, statuses.count, "a status is listed twice")
        let standard = Set(OpenAPI.authenticatedErrors + OpenAPI.bodyErrors + OpenAPI.openErrors)
        XCTAssertEqual(standard.subtracting(statuses), [])
        for (status, description) in HTTPError.documentedStatuses {
            XCTAssertGreaterThanOrEqual(status, 400)
            XCTAssertFalse(description.isEmpty, "\(status)")
        }
    }

    /// An operation using every shared part (headers, body, each documented status, the bearer scheme),
    /// beside the shared components alone, refers to nothing else.
    func testTheBuildersReferencesResolveInTheSharedComponents() throws {
        let statuses = HTTPError.documentedStatuses.map(\.status)
        let operation = OpenAPI.operation("probe", summary: "Probe", tag: "probe", parameters: OpenAPI.requestHeaders,
                                          body: OpenAPI.jsonBody(OpenAPI.text()), responses: [("200", OpenAPI.response("OK"))],
                                          errors: statuses)
        let shared = try XCTUnwrap(OpenAPI.sharedComponents["components"])
        let document = try json(OpenAPI.object([("paths", OpenAPI.object([("/probe", OpenAPI.object([("post", operation)]))])),
                                                ("components", shared)]).serialized)
        XCTAssertEqual(OpenAPIReferences.unresolved(in: document), [])
        XCTAssertEqual(OpenAPIReferences.misfiledErrors(in: document), [])
        let responses = try XCTUnwrap(((document["paths"] as? [String: Any])?["/probe"] as? [String: Any])?["post"] as? [String: Any])
        XCTAssertEqual(Set((responses["responses"] as? [String: Any] ?? [:]).keys), Set(["200"] + statuses.map(String.init)))
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any] ?? [:]
        for requirement in responses["security"] as? [[String: Any]] ?? [] {
            for name in requirement.keys { XCTAssertNotNil(schemes[name], name) }
        }
    }

    /// The `Problem` schema names exactly the members `HTTPError` writes, with their JSON types, and its
    /// responses the media type it answers with.
    func testTheProblemSchemaIsTheBodyHTTPErrorWrites() throws {
        let response = HTTPError(409, "conflict").response(requestID: "r-1")
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let components = try json(try XCTUnwrap(OpenAPI.sharedComponents["components"]).serialized)
        let problem = try XCTUnwrap((components["schemas"] as? [String: Any])?["Problem"] as? [String: Any])
        XCTAssertEqual(Set(problem["required"] as? [String] ?? []), Set(body.keys))
        let properties = problem["properties"] as? [String: [String: String]] ?? [:]
        XCTAssertEqual(Set(properties.keys), Set(body.keys))
        for (name, value) in body {
            XCTAssertEqual(properties[name]?["type"], value is String ? "string" : "integer", name)
        }
        let e409 = (components["responses"] as? [String: Any])?["E409"] as? [String: Any]
        let media = try XCTUnwrap((e409?["content"] as? [String: Any])?.keys.first)
        XCTAssertEqual(media, response.headers["content-type"])
    }
}
