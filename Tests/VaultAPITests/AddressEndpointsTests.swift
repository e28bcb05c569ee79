import Foundation
import HTTPTestSupport
import XCTest

/// `/v1/d/pii/profiles/{profile_id}/addresses` end to end.
final class AddressEndpointsTests: XCTestCase {
    let home: [String: Any] = ["full_name": "Ann Lee", "address_line_1": "Unter den Linden 1", "zip_code": "10117",
                               "city": "Berlin", "country_code": "DE", "contact_phone": "+49 30 1234567"]

    /// As for profiles: a `last_updated_at` with microseconds denotes the stored millisecond it falls in.
    func testLastUpdatedAtMayCarryMicroseconds() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profileID = try fixture.newProfile("micro@example.org")["id"] as! String
        let created = try fixture.post("\(APIFixture.profiles)/\(profileID)/addresses", fixture.json(home))
        XCTAssertEqual(created.status, 201, created.text)
        let path = "\(APIFixture.profiles)/\(profileID)/addresses/\(created.json["id"] as! String)"
        let micro = (created.json["updated_at"] as! String).replacingOccurrences(of: "Z", with: "123Z")
        let patched = try fixture.patch(path, ["last_updated_at": micro, "city": "Potsdam"])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual(patched.json["city"] as? String, "Potsdam")
    }

    func testGetOrCreateListGetPatchDelete() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profileID = try fixture.newProfile("ann@example.org")["id"] as! String
        let base = "\(APIFixture.profiles)/\(profileID)/addresses"

        let created = try fixture.post(base, fixture.json(home))
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"] as? String)
        XCTAssertTrue(id.hasPrefix("NS-EU-"))
        XCTAssertEqual(created.json["city"] as? String, "Berlin")
        XCTAssertTrue(created.json["company_name"] is NSNull)
        let same = try fixture.post(base, fixture.json(home))
        XCTAssertEqual(same.status, 200)
        XCTAssertEqual(same.json["id"] as? String, id)
        let work = try fixture.post(base, fixture.json(home.merging(["address_line_1": "Friedrichstr. 2",
                                                                     "company_name": "Acme GmbH"]) { _, b in b }))
        XCTAssertEqual(work.status, 201)

        let list = try fixture.get(base)
        XCTAssertEqual((list.json["addresses"] as? [[String: Any]])?.compactMap { $0["id"] as? String },
                       [id, work.json["id"] as! String], "oldest first")
        XCTAssertEqual(list.json["pagination_info"] as? [String: Int], ["count": 2, "total": 2, "offset": 0])
        XCTAssertEqual((try fixture.get(base + "?offset=1&count=1").json["addresses"] as? [Any])?.count, 1)
        for bad in ["count=0", "count=1001", "offset=-1", "q=x"] {
            XCTAssertEqual(try fixture.get(base + "?" + bad).status, 400, bad)
        }
        XCTAssertEqual(try fixture.get(base + "?count=1000").status, 200)

        let one = try fixture.get("\(base)/\(id)")
        XCTAssertEqual(one.status, 200)
        XCTAssertEqual(one.json["address_line_1"] as? String, "Unter den Linden 1")

        let updatedAt = one.json["updated_at"] as! String
        let patched = try fixture.patch("\(base)/\(id)", ["last_updated_at": updatedAt, "state": "Berlin", "contact_phone": NSNull()])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual(patched.json["state"] as? String, "Berlin")
        XCTAssertTrue(patched.json["contact_phone"] is NSNull)
        XCTAssertEqual(patched.json["zip_code"] as? String, "10117")
        XCTAssertEqual(try fixture.patch("\(base)/\(id)", ["last_updated_at": updatedAt, "city": "Bonn"]).status, 409, "stale")
        let now = patched.json["updated_at"] as! String
        XCTAssertEqual(try fixture.patch("\(base)/\(id)", ["last_updated_at": now, "city": NSNull()]).status, 422)
        XCTAssertEqual(try fixture.patch("\(base)/\(id)", ["last_updated_at": now, "country_code": "ZZ"]).status, 422)
        // Made identical to the other address: a conflict, not a silent duplicate.
        let twin = try fixture.patch("\(base)/\(id)", ["last_updated_at": now, "address_line_1": "Friedrichstr. 2",
                                                       "company_name": "Acme GmbH", "state": NSNull(),
                                                       "contact_phone": "+49 30 1234567"])
        XCTAssertEqual(twin.status, 409, twin.text)

        XCTAssertEqual(try fixture.send("DELETE", "\(base)/\(id)").status, 204)
        XCTAssertEqual(try fixture.send("DELETE", "\(base)/\(id)").status, 404)
        XCTAssertEqual(try fixture.get("\(base)/\(id)").status, 404)
        XCTAssertEqual((try fixture.get(base).json["pagination_info"] as? [String: Int])?["total"], 1)
    }

    func testRequiredAndInvalidFieldsAre422() throws {
        let fixture = try APIFixture(regions: [.eu])
        let base = "\(APIFixture.profiles)/\(try fixture.newProfile("v@example.org")["id"] as! String)/addresses"
        for field in ["full_name", "address_line_1", "zip_code", "city", "country_code"] {
            var body = home
            body.removeValue(forKey: field)
            let response = try fixture.post(base, fixture.json(body))
            XCTAssertEqual(response.status, 422, field)
            XCTAssertTrue((response.json["message"] as? String ?? "").contains(field), response.text)
        }
        for (field, value) in [("country_code", "de"), ("country_code", "XX"), ("contact_phone", "call me"),
                               ("zip_code", String(repeating: "1", count: 33)), ("city", 5), ("state", ["x"])] as [(String, Any)] {
            let response = try fixture.post(base, fixture.json(home.merging([field: value]) { _, b in b }))
            XCTAssertEqual(response.status, 422, "\(field): \(response.text)")
        }
        XCTAssertEqual(try fixture.get(base).json["pagination_info"] as? [String: Int], ["count": 0, "total": 0, "offset": 0])
    }

    func testAnAddressIsReachableOnlyThroughItsOwnProfile() throws {
        let fixture = try APIFixture(regions: [.eu])
        let owner = try fixture.newProfile("owner@example.org")["id"] as! String
        let other = try fixture.newProfile("other@example.org")["id"] as! String
        let id = try fixture.post("\(APIFixture.profiles)/\(owner)/addresses", fixture.json(home)).json["id"] as! String
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(other)/addresses/\(id)").status, 404)
        XCTAssertEqual(try fixture.send("DELETE", "\(APIFixture.profiles)/\(other)/addresses/\(id)").status, 404)
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(owner)/addresses/\(owner)").status, 404, "a profile id is no address id")
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(id)/addresses").status, 404, "an address id is no profile id")
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(owner)/addresses/\(id)", tenant: "globex").status, 404)
        XCTAssertEqual(try fixture.post("\(APIFixture.profiles)/\(owner)/addresses", fixture.json(home), tenant: "globex").status, 404)
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(owner)/addresses/\(id)").status, 200)
    }
}
