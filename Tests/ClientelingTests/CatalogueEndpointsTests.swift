import Clienteling
import Foundation
import XCTest

final class CatalogueEndpointsTests: XCTestCase {
    func testListsAreFilteredByTheStoresCountryInTheSeedsShapes() throws {
        let f = try SetupFixture()
        try f.putStore("berlin", country: "DE")
        let numbers = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/stores/berlin/available_phone_numbers").body))
            as? [[String: String]] ?? []
        XCTAssertGreaterThanOrEqual(numbers.count, 5)
        XCTAssertTrue(numbers.allSatisfy { $0["phone_number"]!.hasPrefix("+49") && Set($0.keys) == ["phone_number", "locality", "region"] })
        let addresses = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/stores/berlin/addresses").body))
            as? [[String: String]] ?? []
        XCTAssertEqual(addresses.map { $0["iso_country"] }, ["DE"])
        XCTAssertEqual(Set(addresses[0].keys), ["sid", "friendly_name", "street", "street_secondary", "city", "region",
                                                "postal_code", "iso_country"])
        let bundles = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/stores/berlin/regulatory-bundles").body))
            as? [[String: String]] ?? []
        XCTAssertEqual(bundles.count, 1, "only approved bundles")
        XCTAssertEqual(Set(bundles[0].keys), ["sid", "friendly_name"])
        XCTAssertNotEqual(bundles[0]["sid"], pendingGermanBundle)
        let trust = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/trust-products").body)) as? [[String: String]]
        XCTAssertFalse(trust?.isEmpty ?? true)
        XCTAssertEqual(try f.send("GET", "/setup/trust-products?x=1").status, 400)

        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("GET", "/setup/stores/ny/regulatory-bundles").text, "[]")
    }

    func testRequirementsAnswerTheGuidesTable() throws {
        let f = try SetupFixture(documentRegions: DocumentRegions.parse("GB=EU")!)
        let italy = try f.send("GET", "/setup/regulatory-requirements/IT").json
        XCTAssertEqual(italy["self_service"] as? Bool, true)
        XCTAssertEqual(italy["needs_regulatory_bundle"] as? Bool, true)
        XCTAssertEqual(italy["document_region"] as? String, "EU")
        XCTAssertTrue((italy["information_required"] as? [String] ?? []).contains("Nationality of Representative"))
        XCTAssertEqual((italy["supporting_documents"] as? [String])?.count, 2)
        let france = try f.send("GET", "/setup/regulatory-requirements/FR").json
        XCTAssertEqual(france["self_service"] as? Bool, false)
        let us = try f.send("GET", "/setup/regulatory-requirements/US").json
        XCTAssertEqual(us["needs_regulatory_bundle"] as? Bool, false)
        XCTAssertEqual(us["document_region"] as? String, "US")
        XCTAssertEqual(try f.send("GET", "/setup/regulatory-requirements/GB").json["document_region"] as? String, "EU",
                       "configured")
        let estonia = try f.send("GET", "/setup/regulatory-requirements/EE").json
        XCTAssertEqual(estonia["listed_in_guide"] as? Bool, false)
        XCTAssertEqual(estonia["self_service"] as? Bool, true)
        XCTAssertEqual(try f.send("GET", "/setup/regulatory-requirements/JP").status, 404)
        XCTAssertEqual(try f.send("GET", "/setup/regulatory-requirements/it").status, 400)
    }
}
