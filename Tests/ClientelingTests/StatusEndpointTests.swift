import Foundation
import XCTest

/// `GET /setup/retailers/status`: the retailer's onboarding in one answer, read from the set-up data.
final class StatusEndpointTests: XCTestCase {
    func testANewTenantIsNotConfiguredAndHasNothingMissing() throws {
        let f = try SetupFixture()
        let status = try f.send("GET", "/setup/retailers/status")
        XCTAssertEqual(status.status, 200, status.text)
        XCTAssertEqual(status.json["configured"] as? Bool, false)
        XCTAssertTrue(status.json["configured_at"] is NSNull)
        XCTAssertEqual((status.json["telephony_provider"] as? [String: Any])?["name"] as? String, "local")
        XCTAssertEqual((status.json["telephony_provider"] as? [String: Any])?["connected"] as? Bool, true)
        XCTAssertEqual((status.json["opt_in_template"] as? [String: Any])?["set"] as? Bool, false)
        XCTAssertEqual(status.json["stores"] as? [String: Int], ["total": 0, "none": 0, "purchasing": 0, "active": 0])
        XCTAssertEqual((status.json["countries_missing_steps"] as? [Any])?.count, 0)
    }

    func testTheStatusFollowsConfigurationTemplatesStoresAndSubmissions() throws {
        let f = try SetupFixture()
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": "https://shop.example.com"]).status, 204)
        XCTAssertEqual(try f.send("PUT", "/setup/templates/opt-in", ["body": "Reply YES to hear from us."]).status, 200)
        for (id, country) in [("berlin-1", "DE"), ("berlin-2", "DE"), ("ny", "US"), ("paris-1", "FR"), ("tokyo", "JP")] {
            try f.putStore(id, country: country)
        }
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)

        let status = try f.send("GET", "/setup/retailers/status").json
        XCTAssertEqual(status["configured"] as? Bool, true)
        XCTAssertNotNil(status["configured_at"] as? String)
        let optIn = try XCTUnwrap(status["opt_in_template"] as? [String: Any])
        XCTAssertEqual(optIn["set"] as? Bool, true)
        XCTAssertNotNil(optIn["updated_at"] as? String)
        XCTAssertEqual(status["stores"] as? [String: Int], ["total": 5, "none": 4, "purchasing": 0, "active": 1])
        let countries = try XCTUnwrap(status["countries_missing_steps"] as? [[String: Any]])
        XCTAssertEqual(countries.map { $0["country_code"] as? String }, ["DE", "FR", "JP"], "US needs no step")
        XCTAssertEqual(countries.map { $0["stores"] as? Int }, [2, 1, 1])
        XCTAssertEqual(countries.map { $0["missing_steps"] as? [String] },
                       [["regulatory_submission"], ["support_ticket", "regulatory_submission"], ["not_offered"]])

        // A filed submission is the German step done.
        let upload = try f.send("POST", "/v1/d/pii/data", ["content_type": "application/pdf",
                                                           "content": Data("extract".utf8).base64EncodedString()], region: "EU")
        let document = try XCTUnwrap(upload.json["id"] as? String)
        XCTAssertEqual(try f.send("POST", "/setup/regulatory-submissions", ["country_code": "DE", "document_ids": [document]]).status, 201)
        let after = try f.send("GET", "/setup/retailers/status").json
        XCTAssertEqual((after["countries_missing_steps"] as? [[String: Any]])?.map { $0["country_code"] as? String }, ["FR", "JP"])

        // Per tenant, for readers, with no query.
        XCTAssertEqual(try f.send("GET", "/setup/retailers/status", tenant: "globex").json["configured"] as? Bool, false)
        let reader = try f.makeKey(tenant: "acme", scopes: [.setupRead])
        XCTAssertEqual(try f.send("GET", "/setup/retailers/status", key: reader).status, 200)
        XCTAssertEqual(try f.send("GET", "/setup/retailers/status", key: try f.makeKey(tenant: "acme", scopes: [.tokenize])).status, 403)
        XCTAssertEqual(try f.send("GET", "/setup/retailers/status", key: "").status, 401)
        XCTAssertEqual(try f.send("GET", "/setup/retailers/status?x=1").status, 400)
    }

    func testReadingTheStatusWritesNothing() throws {
        let f = try SetupFixture()
        try f.putStore("berlin-1", country: "DE")
        let before = try f.storeJSON("berlin-1")["updated_at"] as? String
        let audited = try f.auditCount()
        for _ in 0..<3 { XCTAssertEqual(try f.send("GET", "/setup/retailers/status").status, 200) }
        XCTAssertEqual(try f.storeJSON("berlin-1")["updated_at"] as? String, before)
        XCTAssertEqual(try f.auditCount(), audited, "a status read is no change: no audit record")
    }
}
