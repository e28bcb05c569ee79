import Foundation
import HTTPServer
import HTTPTestSupport
@testable import Vault
@testable import VaultAPI
import XCTest

/// The served document states the rules the vault's endpoints check, from the same limits: a request valid
/// per the document is one the server takes (`scripts/contract` checks that against the running server).
final class OpenAPIDocumentTests: XCTestCase {
    private func document() throws -> [String: Any] {
        let fixture = try APIFixture(regions: [.eu])
        return try fixture.get("/openapi.json").json
    }

    private func schema(_ document: [String: Any], _ name: String) -> [String: Any] {
        ((document["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    func testEveryStringARequestSendsStatesItsRule() throws {
        let document = try document()
        let unruled = (OpenAPIRequestRules.unruledStrings(in: document, under: "/v1/")
            + OpenAPIRequestRules.unruledStrings(in: document, under: "/customer/")).filter { !$0.hasSuffix(" X-Request-Id") }
        // data_type is any string of 1 to 32 characters (its length is stated); the request id is replaced when malformed;
        // a looked-up e-mail is any string of at most 254 characters (one that is no e-mail matches nothing).
        XCTAssertEqual(Set(unruled), ["POST /v1/d/pii/profiles body.extended_attributes.*.data_type",
                                      "PATCH /v1/d/pii/profiles/{profile_id} body.extended_attributes.*.data_type",
                                      "POST /customer/profiles body.extended_attributes.*.data_type",
                                      "PATCH /customer/profiles/{profile_id} body.extended_attributes.*.data_type",
                                      "POST /customer/profiles/lookup-bulk-emails body.emails[]"])
    }

    /// Every operation that writes new data in a region, or names a record by an id carrying its region, can
    /// be misdirected to a node that does not serve that region.
    func testRegionBoundOperationsDocumentMisdirection() throws {
        let paths = try document()["paths"] as? [String: [String: Any]] ?? [:]
        var missing: [String] = []
        for (path, item) in paths where path.hasPrefix("/v1/") {
            for (method, value) in item where method != "parameters" {
                let operation = value as? [String: Any] ?? [:]
                let responses = operation["responses"] as? [String: Any] ?? [:]
                let regionBound = path.contains("{") || ["/v1/d/pii/tokenize", "/v1/d/pii/data"].contains(path)
                    || (path == "/v1/d/pii/profiles" && method == "post")
                if regionBound && responses["421"] == nil { missing.append("\(method) \(path)") }
            }
        }
        XCTAssertEqual(missing, [])
    }

    /// Every route of the vault, v1's and v2's, is an operation of the document.
    func testEveryVaultRouteIsDocumented() throws {
        let paths = try document()["paths"] as? [String: [String: Any]] ?? [:]
        let fixture = try APIFixture(regions: [.eu])
        let routes = VaultRoute.all(vault: fixture.vault, control: fixture.control, maxDataBytes: 1 << 20, forwarding: nil)
        XCTAssertTrue(routes.contains { $0.pattern == "/customer/tokens" })
        for route in routes {
            XCTAssertNotNil(paths[route.pattern]?[route.method.lowercased()], "\(route.method) \(route.pattern)")
        }
    }

    /// Every reference resolves once the parts are merged, and each error answer an operation lists is the
    /// `E<status>` response of its own status (HTTPServer's shared ones).
    func testEveryReferenceResolves() throws {
        let document = try document()
        XCTAssertEqual(OpenAPIReferences.unresolved(in: document), [])
        XCTAssertEqual(OpenAPIReferences.misfiledErrors(in: document), [])
    }

    /// `OpenAPIDocument.json` (compiled in) is JSON holding the document's frame and the vault's own components
    /// only: none that HTTPServer shares (a component named twice stops the merge), and no operation.
    func testTheCompiledInFileHoldsOnlyTheVaultsOwnParts() throws {
        let file = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(PackageResources.OpenAPIDocument_json)) as? [String: Any])
        XCTAssertEqual(Set(file.keys), ["openapi", "info", "servers", "components"])
        let own = try XCTUnwrap(file["components"] as? [String: [String: Any]])
        let shared = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(OpenAPI.sharedComponents.serialized))
            as? [String: [String: [String: Any]]])["components"] ?? [:]
        for (section, members) in own {
            XCTAssertEqual(Set(members.keys).intersection(shared[section].map { Array($0.keys) } ?? []), [], section)
        }
    }

    func testTheLimitsAreTheEndpointsOwn() throws {
        let document = try document()
        let create = schema(document, "ProfileCreate")["properties"] as? [String: [String: Any]] ?? [:]
        XCTAssertEqual(create["created_by"]?["maxLength"] as? Int, FieldRules.maxTextLength)
        XCTAssertNotNil(create["created_by"]?["pattern"], "control characters are refused")
        let address = schema(document, "AddressCreate")["properties"] as? [String: [String: Any]] ?? [:]
        XCTAssertEqual((address["country_code"]?["enum"] as? [String])?.count, 249)
        XCTAssertEqual(address["zip_code"]?["maxLength"] as? Int, FieldRules.maxZipCodeLength)
        XCTAssertEqual(address["zip_code"]?["pattern"] as? String, "^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\u0000-\\u001f"
                       + "\\u007f-\\u009f\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f"
                       + "\\u3000][^\\u0000-\\u001f\\u007f-\\u009f]*$", "not blank")
        let data = schema(document, "DataCreate")["properties"] as? [String: [String: Any]] ?? [:]
        XCTAssertEqual(data["content_type"]?["maxLength"] as? Int, DataUpload.maxContentTypeBytes)

        func parameter(_ path: String, _ name: String) -> [String: Any]? {
            let get = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?["get"] as? [String: Any]
            let parameters = get?["parameters"] as? [[String: Any]] ?? []
            return parameters.first { $0["name"] as? String == name }?["schema"] as? [String: Any]
        }
        XCTAssertEqual(parameter("/v1/d/pii/profiles", "offset")?["maximum"] as? Int, 9_500, "any count stays within 10,000")
        XCTAssertEqual(parameter("/v1/d/pii/profiles", "count")?["maximum"] as? Int, 500)
        XCTAssertEqual(parameter("/v1/d/pii/profiles/{profile_id}/addresses", "offset")?["maximum"] as? Int, Int(Int32.max))
        XCTAssertEqual(parameter("/v1/d/pii/audit", "offset")?["maximum"] as? Int, 10_000)
    }

    /// The document's limits, taken at their edges, are accepted (the pages' own examples stay valid too).
    func testValuesAtTheDocumentsEdgesAreAccepted() throws {
        let fixture = try APIFixture(regions: [.eu])
        let longest = String(repeating: "é", count: FieldRules.maxTextLength)
        let created = try fixture.createProfile(["email": "edge@example.org", "full_name": longest, "created_by": "\u{3000}x",
                                                 "extended_attributes": ["N": ["data_type": "String", "value": NSNull()]]])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(try fixture.get(APIFixture.profiles + "?offset=9500&count=500").status, 200)
        XCTAssertEqual(try fixture.get(APIFixture.profiles + "?q=%20a%20b%20").status, 200)
    }
}
