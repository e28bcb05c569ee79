import Clienteling
import Foundation
import StoreTestSupport
import VaultSQLite
import XCTest

/// Regulatory submissions name identity documents stored as vault data entries in the region of the
/// country, and keep those ids only sealed.
final class SubmissionEndpointsTests: XCTestCase {
    let passport = "PASSPORTCANARY-5521 Maria Rossi, born 1980-02-03 in Milano"

    private func upload(_ f: SetupFixture, region: String, tenant: String = "acme") throws -> String {
        let response = try f.send("POST", "/v1/d/pii/data", ["content_type": "application/pdf",
                                                             "content": Data(passport.utf8).base64EncodedString()],
                                  tenant: tenant, region: region)
        XCTAssertEqual(response.status, 201, response.text)
        return try XCTUnwrap(response.json["id"] as? String)
    }

    func testASubmissionNamesDocumentsOfItsCountrysRegionAndKeepsThemSealed() throws {
        let f = try SetupFixture()
        let document = try upload(f, region: "EU")
        let other = try upload(f, region: "EU")
        let created = try f.send("POST", "/setup/regulatory-submissions", ["country_code": "IT", "document_ids": [document, other]])
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(created.json["document_region"] as? String, "EU")
        XCTAssertEqual(created.json["status"] as? String, "submitted")
        let id = try XCTUnwrap(created.json["id"] as? String)
        let read = try f.send("GET", "/setup/regulatory-submissions/\(id)")
        XCTAssertEqual(read.json["document_ids"] as? [String], [document, other])
        let list = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/regulatory-submissions").body)) as? [[String: Any]]
        XCTAssertEqual(list?.map { $0["id"] as? String }, [id])
        XCTAssertEqual(try f.send("GET", "/setup/regulatory-submissions/\(id)", tenant: "globex").status, 404)

        f.store.close()
        // What a copy of the set-up store holds: its file, or on PostgreSQL every row of the databases.
        let setupFile = TestStores.isPostgreSQL ? Data(try TestStores.storedRows(for: f.dataDirectory))
            : FileManager.default.contents(atPath: SQLiteEngine().location(of: .setup, dataDirectory: f.dataDirectory)) ?? Data()
        let uuid = String(document.dropFirst(6))
        XCTAssertNil(setupFile.range(of: Data(uuid.utf8)), "the setup database holds a document id in the clear")
        XCTAssertNil(setupFile.range(of: Data("PASSPORTCANARY".utf8)))
    }

    func testDocumentsMustBeTheTenantsLiveEntriesInTheRightRegion() throws {
        let f = try SetupFixture(documentRegions: DocumentRegions.parse("GB=EU")!)
        let eu = try upload(f, region: "EU")
        let us = try upload(f, region: "US")
        let globex = try upload(f, region: "EU", tenant: "globex")
        func submit(_ country: String, _ ids: [Any]) throws -> (Int, String) {
            let response = try f.send("POST", "/setup/regulatory-submissions", ["country_code": country, "document_ids": ids])
            return (response.status, response.json["message"] as? String ?? "")
        }
        let wrongRegion = try submit("DE", [us])
        XCTAssertEqual(wrongRegion.0, 400)
        XCTAssertTrue(wrongRegion.1.contains("Residency-Region: EU"), wrongRegion.1)
        XCTAssertFalse(wrongRegion.1.contains(us), "the message repeats the id")
        XCTAssertEqual(try submit("US", [eu]).0, 400)
        XCTAssertEqual(try submit("US", [us]).0, 201)
        XCTAssertEqual(try submit("GB", [eu]).0, 201, "configured: British documents in the EU")
        XCTAssertEqual(try submit("DE", [globex]).0, 400, "another tenant's document")
        XCTAssertEqual(try submit("DE", ["NS-EU-00000000-0000-4000-8000-000000000000"]).0, 400)
        XCTAssertEqual(try submit("DE", ["not-an-id"]).0, 400)
        XCTAssertEqual(try submit("DE", [eu, eu]).0, 400, "duplicates")
        XCTAssertEqual(try submit("DE", []).0, 400)
        XCTAssertEqual(try submit("DE", [7]).0, 400)
        XCTAssertEqual(try submit("JP", [eu]).0, 400)
        XCTAssertEqual(try f.send("DELETE", "/v1/d/pii/data/\(eu)").status, 204)
        XCTAssertEqual(try submit("DE", [eu]).0, 400, "a deleted document")
    }

    func testANodeWithoutTheDocumentsRegionSaysSo() throws {
        let f = try SetupFixture(regions: [.us])
        let response = try f.send("POST", "/setup/regulatory-submissions",
                                  ["country_code": "FR", "document_ids": ["NS-EU-00000000-0000-4000-8000-000000000000"]])
        // 421 like every vault route that concerns a region this node does not serve: another node can answer.
        XCTAssertEqual(response.status, 421)
        XCTAssertEqual(response.headers["content-type"], "application/problem+json")
        XCTAssertTrue((response.json["message"] as? String ?? "").contains("document_ids[0]: this node does not serve the EU region"),
                      response.text)
    }
}
