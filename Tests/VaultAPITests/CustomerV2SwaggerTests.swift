import Foundation
import HTTPTestSupport
import JSONCore
import XCTest
@testable import Vault

/// NewStore's own v2 document (`Fixtures/newstore-customer-v2-swagger.json`, the copy of
/// `../shared/reference/`): its example requests, run against the server, answer with bodies that validate
/// against its response schemas, one operation after the other on the records the earlier ones made.
final class CustomerV2SwaggerTests: XCTestCase {
    private var schema: SwaggerSchema!
    private var fixture: APIFixture!

    override func setUpWithError() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        schema = try SwaggerSchema(path: fixtures.appendingPathComponent("newstore-customer-v2-swagger.json").path)
        fixture = try APIFixture(regions: [.eu])
    }

    /// `method path` with `body`; the answer must have `status` and validate against `definition`.
    @discardableResult
    private func check(_ method: String, _ path: String, _ body: [JSONMember]? = nil, _ status: Int, _ definition: String?,
                       line: UInt = #line) throws -> JSONValue {
        let text = body.map { String(decoding: JSONValue.object($0).serialized, as: UTF8.self) }
        let response = try fixture.send(method, path, text)
        XCTAssertEqual(response.status, status, "\(method) \(path): \(response.text)", line: line)
        if let definition {
            XCTAssertEqual(schema.problems(response.body, against: definition), [], "\(method) \(path)", line: line)
        } else {
            XCTAssertEqual(response.body, [], "the document gives this answer no body")
        }
        return (try? JSONParser.parse(response.body)) ?? .null
    }

    func testTheDocumentsExamplesAnswerInItsShapes() throws {
        let tokens = try check("POST", "/customer/tokens", schema.example(of: "TokensRequest"), 200, "TokensResponse")
        let made = try XCTUnwrap(tokens["data"]?.objectMembers)
        let revealed = try check("POST", "/customer/tokens?operation=detokenize", [JSONMember("data", .object(made))], 200, "TokensResponse")
        XCTAssertEqual(JSONValue.object(revealed["data"]?.objectMembers ?? []), schema.example(of: "TokensRequest").first?.value)

        let config = schema.example(of: "ConfigurationRequest").filter { $0.key != "nom_consumer_profiles_merge" }
            + [JSONMember("byo_crm", .object(schema.example(of: "ByoCrmConfigRequest")))]
        try check("PATCH", "/customer/config", config, 200, "ConfigurationResponse")
        try check("GET", "/customer/config", nil, 200, "ConfigurationResponse")

        let profileBody = schema.example(of: "CreateProfileRequest") + [
            JSONMember("email", .string("john.doe@example.org")), JSONMember("first_name", .string("John")),
            JSONMember("last_name", .string("Doe")), JSONMember("phone_number", .string("+4930123456")),
        ]
        let profile = try check("POST", "/customer/profiles", profileBody, 201, "ProfileResponse")
        let id = try XCTUnwrap(profile["id"]?.stringValue)
        XCTAssertEqual(profile["first_name"]?.stringValue, "John", "the tenant enabled two-part names above")
        try check("GET", "/customer/profiles/" + id, nil, 200, "ProfileResponse")
        XCTAssertEqual(Set(schema.problems(try fixture.get("/v1/d/pii/profiles/" + id).body, against: "ProfileResponse")),
                       ["ProfileResponse.first_name: missing", "ProfileResponse.last_name: missing",
                        "ProfileResponse.store_id: null is not string", "ProfileResponse.created_by: null is not string"],
                       "the check can fail: v1's shape is not v2's")
        try check("GET", "/customer/profiles?q=john&count=10", nil, 200, "ListProfilesResponse")
        let update = schema.example(of: "UpdateProfileRequest") + [JSONMember("last_updated_at", profile["updated_at"]!)]
        try check("PATCH", "/customer/profiles/" + id, update, 200, "ProfileResponse")
        try check("POST", "/customer/profiles/lookup-bulk-emails",
                  [JSONMember("emails", .array([.string("john.doe@example.org"), .string("nobody@example.org")]))],
                  200, "retrieveBulkEmailLookupResponse")

        let address = try check("POST", "/customer/profiles/\(id)/addresses",
                                [JSONMember("country_code", .string("DE")), JSONMember("city", .string("Berlin"))], 201, "AddressResponse")
        let addressID = try XCTUnwrap(address["id"]?.stringValue)
        try check("GET", "/customer/profiles/\(id)/addresses", nil, 200, "ListAddressesResponse")
        try check("PATCH", "/customer/profiles/\(id)/addresses/\(addressID)",
                  [JSONMember("last_updated_at", address["updated_at"]!), JSONMember("zip_code", .string("10115"))], 200, "AddressResponse")

        let data = schema.example(of: "CreateDataRequest") + [JSONMember("content", .string(Data("%PDF-1.4".utf8).base64EncodedString()))]
        let entry = try check("POST", "/customer/data", data, 201, "CreateDataResponse")
        XCTAssertEqual(try fixture.get("/customer/data/" + (entry["id"]?.stringValue ?? "")).status, 200)

        try check("GET", "/customer/profiles/NS-EU-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX", nil, 404, "Problem")
        try check("POST", "/customer/tokens", [JSONMember("data", .object([]))], 400, "Problem")
        try check("POST", "/customer/profiles/" + id, [JSONMember("operation", .string("delete"))], 202, nil)
    }
}
