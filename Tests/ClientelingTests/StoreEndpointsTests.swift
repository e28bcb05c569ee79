import Clienteling
import Foundation
import XCTest

final class StoreEndpointsTests: XCTestCase {
    func testRetailerIsConfiguredOncePerTenantWithAnHTTPSLink() throws {
        let f = try SetupFixture()
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": "https://shop.example.com/de"]).status, 204)
        let again = try f.send("POST", "/setup/retailers", ["ecom_link": "https://other.example.com"])
        XCTAssertEqual(again.status, 409)
        XCTAssertNotNil(again.json["request_id"] as? String)
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": "https://shop.example.com"], tenant: "globex").status, 204)
        for bad in ["http://shop.example.com", "shop.example.com", "https://", "https://user@shop.example.com",
                    "https://shop example.com", "ftp://x.example", "javascript:alert(1)"] {
            let response = try f.send("POST", "/setup/retailers", ["ecom_link": bad], tenant: "globex")
            XCTAssertEqual(response.status, 400, bad)
            if bad != "https://" { XCTAssertFalse(response.text.contains(bad), "the message repeats the input") }
        }
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": 7]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": "https://a.example", "x": 1]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/retailers", "{not json").status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/retailers", [String: String]()).status, 400)
    }

    func testTheRetailersLinkCanBeReadAndCorrected() throws {
        let f = try SetupFixture()
        XCTAssertEqual(try f.send("GET", "/setup/retailers").status, 404)
        XCTAssertEqual(try f.send("PUT", "/setup/retailers", ["ecom_link": "https://shop.example.com"]).status, 404,
                       "configure first")
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": "https://shpo.example.com"]).status, 204)
        XCTAssertEqual(try f.send("GET", "/setup/retailers").json["ecom_link"] as? String, "https://shpo.example.com")
        let corrected = try f.send("PUT", "/setup/retailers", ["ecom_link": "https://shop.example.com"])
        XCTAssertEqual(corrected.status, 200)
        XCTAssertEqual(corrected.json["ecom_link"] as? String, "https://shop.example.com")
        XCTAssertEqual(try f.send("GET", "/setup/retailers").json["ecom_link"] as? String, "https://shop.example.com")
        XCTAssertEqual(try f.send("PUT", "/setup/retailers", ["ecom_link": "http://shop.example.com"]).status, 400)
        XCTAssertEqual(try f.send("GET", "/setup/retailers", tenant: "globex").status, 404, "per tenant")
        let reader = try f.makeKey(tenant: "acme", scopes: [.setupRead])
        XCTAssertEqual(try f.send("GET", "/setup/retailers", key: reader).status, 200)
        XCTAssertEqual(try f.send("PUT", "/setup/retailers", ["ecom_link": "https://a.example"], key: reader).status, 403)
    }

    func testStoresAreRegisteredUpdatedAndListedPerTenant() throws {
        let f = try SetupFixture()
        let created = try f.send("PUT", "/setup/stores/berlin-1",
                                 ["name": "Dodici Potsdamer Platz", "country_code": "DE", "landline": "+493012345678"])
        XCTAssertEqual(created.status, 201)
        XCTAssertEqual(created.json["country_code"] as? String, "DE")
        XCTAssertEqual(created.json["number_status"] as? String, "none")
        XCTAssertEqual(created.json["enabled"] as? Bool, false)
        XCTAssertTrue(created.json["phone_number"] is NSNull)
        let updated = try f.send("PUT", "/setup/stores/berlin-1",
                                 ["name": "Dodici Berlin", "country_code": "DE", "landline": "+493012345679"])
        XCTAssertEqual(updated.status, 200)
        XCTAssertEqual(try f.storeJSON("berlin-1")["name"] as? String, "Dodici Berlin")
        XCTAssertEqual(try f.send("GET", "/setup/stores/berlin-1", tenant: "globex").status, 404, "another tenant's store")
        XCTAssertEqual(try f.send("GET", "/setup/stores/nowhere").status, 404)

        for i in 0..<5 { try f.putStore("s\(i)", country: "US") }
        let page = try f.send("GET", "/setup/stores?limit=4")
        XCTAssertEqual((page.json["stores"] as? [[String: Any]])?.count, 4)
        let after = try XCTUnwrap(page.json["next_after"] as? String)
        let rest = try f.send("GET", "/setup/stores?limit=4&after=\(after)")
        XCTAssertEqual((rest.json["stores"] as? [[String: Any]])?.count, 2)
        XCTAssertTrue(rest.json["next_after"] is NSNull)
        XCTAssertEqual((try f.send("GET", "/setup/stores", tenant: "globex").json["stores"] as? [Any])?.count, 0)
        XCTAssertEqual(try f.send("GET", "/setup/stores?limit=0").status, 400)
        XCTAssertEqual(try f.send("GET", "/setup/stores?page=2").status, 400)
    }

    func testHEADOnSetupReadsAnswersAsGETWould() throws {
        let f = try SetupFixture()
        try f.putStore("berlin-1", country: "DE")
        for path in ["/setup/stores/berlin-1", "/setup/stores?limit=4"] {
            let get = try f.send("GET", path)
            let head = try f.send("HEAD", path)
            XCTAssertEqual(get.status, 200, path)
            XCTAssertEqual(head.status, 200, path)
            XCTAssertEqual(head.headers["content-length"], String(get.body.count), path)
        }
        XCTAssertEqual(try f.send("HEAD", "/setup/stores/nowhere").status, 404)
        XCTAssertEqual(try f.send("HEAD", "/setup/stores/berlin-1", key: "").status, 401)
    }

    func testStoreFieldsAreChecked() throws {
        let f = try SetupFixture()
        let good: [String: Any] = ["name": "A", "country_code": "DE", "landline": "+493012345678"]
        func put(_ change: [String: Any], id: String = "s1") throws -> Int {
            try f.send("PUT", "/setup/stores/\(id)", good.merging(change) { $1 }).status
        }
        XCTAssertEqual(try put(["country_code": "de"]), 400)
        XCTAssertEqual(try put(["country_code": "XX"]), 400)
        XCTAssertEqual(try put(["country_code": "DEU"]), 400)
        XCTAssertEqual(try put(["landline": "030 1234"]), 400)
        XCTAssertEqual(try put(["landline": "+0301234567"]), 400)
        XCTAssertEqual(try put(["name": ""]), 400)
        XCTAssertEqual(try put(["name": String(repeating: "n", count: 201)]), 400)
        XCTAssertEqual(try put(["name": "tab\there"]), 400)
        XCTAssertEqual(try put(["name": "two\nlines"]), 400)
        XCTAssertEqual(try put([:], id: "-starts-with-dash"), 400)
        XCTAssertEqual(try put([:], id: String(repeating: "a", count: 65)), 400)
        XCTAssertEqual(try put([:], id: "a%2Fb"), 400)
        XCTAssertEqual(try put(["country_code": "JP"]), 201, "any ISO country may hold a store")
    }

    func testStoreWithANumberKeepsItsCountry() throws {
        let f = try SetupFixture()
        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        let moved = try f.send("PUT", "/setup/stores/ny", ["name": "NY", "country_code": "CA", "landline": "+12025550100"])
        XCTAssertEqual(moved.status, 409)
        XCTAssertEqual(try f.send("PUT", "/setup/stores/ny", ["name": "New York", "country_code": "US",
                                                              "landline": "+12025550100"]).status, 200)
    }

    func testScopesAndTenantsAreEnforced() throws {
        let f = try SetupFixture()
        let reader = try f.makeKey(tenant: "acme", scopes: [.setupRead])
        let unrelated = try f.makeKey(tenant: "acme", scopes: [.tokenize])
        XCTAssertEqual(try f.send("GET", "/setup/stores", key: reader).status, 200)
        XCTAssertEqual(try f.send("PUT", "/setup/stores/s1", ["name": "A", "country_code": "DE", "landline": "+493012345678"],
                                  key: reader).status, 403)
        XCTAssertEqual(try f.send("GET", "/setup/stores", key: unrelated).status, 403)
        XCTAssertEqual(try f.send("GET", "/setup/stores", key: "").status, 401)
        XCTAssertEqual(try f.send("GET", "/setup/stores", tenant: "globex", key: f.secrets["acme"]).status, 403)
    }
}
