import Foundation
import HTTPTestSupport
import XCTest
@testable import Vault

/// The legacy v0 customers over the records v1 and v2 read and write.
final class LegacyV0Tests: XCTestCase {
    let base = "/v0/d/consumer_profiles"

    func testAV0CustomerIsAV1AndV2ProfileAndBack() throws {
        let fixture = try APIFixture(regions: [.eu], legacyV0: true)
        let made = try fixture.post(base, fixture.json([
            "email": "jaydoubleyou@example.com", "first_name": "Jay", "last_name": "DoubleYou", "phone_number": "202-555-0182",
            "country_code": "US", "extended_attributes": [["name": "shirt_fit", "value": "slim"]],
            "billing_address": ["first_name": "Jay", "last_name": "DoubleYou", "address_1": "137 W 67th St", "city": "New York",
                                "zip_code": "10023", "country_code": "US"],
        ]))
        XCTAssertEqual(made.status, 200, made.text)
        XCTAssertEqual(made.headers["sunset"], "Mon, 31 Mar 2025 00:00:00 GMT")
        XCTAssertEqual(made.headers["deprecation"], "@1735689600")
        XCTAssertEqual(made.headers["link"], "</customer/profiles>; rel=\"successor-version\"")
        let id = try XCTUnwrap(made.json["id"] as? String)
        XCTAssertEqual(made.json["phone_number"] as? String, "+12025550182")
        XCTAssertEqual(made.json["country_code"] as? String, "US")
        XCTAssertEqual((made.json["addresses"] as? [[String: Any]])?.first?["type"] as? String, "billing")

        // v1 and v2 read it.
        let v1 = try fixture.get("/v1/d/pii/profiles/" + id).json
        XCTAssertEqual(v1["full_name"] as? String, "Jay DoubleYou")
        XCTAssertEqual(((v1["extended_attributes"] as? [String: Any])?["shirt_fit"] as? [String: Any])?["value"] as? String, "slim")
        XCTAssertEqual((try fixture.get("/customer/profiles/\(id)/addresses").json["addresses"] as? [[String: Any]])?.count, 1)

        // A v2 update is a new revision in v0; v0's update checks it.
        let revision = try XCTUnwrap(made.json["revision"] as? Int)
        let v2 = try fixture.send("PATCH", "/customer/profiles/" + id, fixture.json(["last_updated_at": v1["updated_at"]!, "store_id": "s1"]))
        XCTAssertEqual(v2.status, 200, v2.text)
        let read = try fixture.get(base + "/" + id)
        XCTAssertEqual(read.json["store_id"] as? String, "s1")
        let newRevision = try XCTUnwrap(read.json["revision"] as? Int)
        XCTAssertGreaterThan(newRevision, revision)
        XCTAssertEqual(read.headers["link"], "</customer/profiles/\(id)>; rel=\"successor-version\"")
        let update: (Int) throws -> TestResponse = { revision in
            try fixture.send("PUT", self.base + "/" + id, fixture.json(["first_name": "Jay", "last_name": "W", "revision": revision,
                                                                        "extended_attributes": [] as [Any]]))
        }
        XCTAssertEqual(try update(revision).status, 409, "the old revision is stale")
        let updated = try update(newRevision)
        XCTAssertEqual(updated.status, 200, updated.text)
        XCTAssertEqual(try fixture.get("/v1/d/pii/profiles/" + id).json["full_name"] as? String, "Jay W")

        XCTAssertEqual(try fixture.post(base, fixture.json(["email": "JayDoubleYou@example.com"])).status, 409, "the e-mail is taken")
        let orders = try fixture.get(base + "/\(id)/orders")
        XCTAssertEqual(orders.status, 501)
        XCTAssertEqual(orders.headers["sunset"], "Mon, 31 Mar 2025 00:00:00 GMT", "errors carry the notice too")

        // Deleted through v1: gone in v0 and v2.
        XCTAssertEqual(try fixture.post("/v1/d/pii/profiles/\(id)/delete", "").status, 202)
        XCTAssertEqual(try fixture.get(base + "/" + id).status, 404)
        XCTAssertEqual(try fixture.get("/customer/profiles/" + id).status, 404)
    }

    func testAV1ProfileReadsAsACustomerAndTheListsFollowV0sRules() throws {
        let fixture = try APIFixture(regions: [.eu], legacyV0: true)
        let ada = try fixture.newProfile("ada@example.org", ["full_name": "Ada Lovelace", "created_by": "assoc-1",
                                                             "extended_attributes": ["tier": ["data_type": "string", "value": "gold"]]])
        _ = try fixture.newProfile("grace@example.org", ["full_name": "Grace Hopper"])
        let customer = try fixture.get(base + "/" + (ada["id"] as! String)).json
        XCTAssertEqual(customer["first_name"] as? String, "Ada Lovelace", "one full name is answered whole")
        XCTAssertEqual(customer["last_name"] as? String, "")

        func emails(_ query: String, simplified: Bool = false) throws -> [String] {
            let page = try fixture.get(base + (simplified ? "/simplified" : "") + query)
            XCTAssertEqual(page.status, 200, page.text)
            return (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }.sorted()
        }
        XCTAssertEqual(try emails(""), ["ada@example.org", "grace@example.org"])
        XCTAssertEqual(try emails("?q=hopp"), ["grace@example.org"], "names match partially")
        XCTAssertEqual(try emails("?q=ada@example"), [], "an e-mail matches whole")
        XCTAssertEqual(try emails("?q=ADA@example.org"), ["ada@example.org"])
        XCTAssertEqual(try emails("?filter[created_by]=assoc-1", simplified: true), ["ada@example.org"])
        XCTAssertEqual(try emails("?filter[extended_attributes.name]=tier&filter[extended_attributes.value]=gold"), ["ada@example.org"])
        XCTAssertEqual(try emails("?filter[extended_attributes.name]=tier&filter[extended_attributes.value]=silver"), [])
        XCTAssertEqual(try fixture.get(base + "?filter[extended_attributes.value]=gold").status, 400)
        XCTAssertEqual(try fixture.get(base + "?count=501").status, 400)
        let page = try fixture.get(base + "?count=1&offset=1")
        XCTAssertEqual((page.json["pagination_info"] as? [String: Any])?["total"] as? Int, 2)
        XCTAssertEqual((page.json["items"] as? [Any])?.count, 1)
    }

    func testAddressesAreTypedAndTheirDeletionTakesTheProfileRevision() throws {
        let fixture = try APIFixture(regions: [.eu], legacyV0: true)
        let id = try fixture.newProfile("addr@example.org")["id"] as! String
        let path = base + "/\(id)/addresses"
        XCTAssertEqual(try fixture.post(path, #"{"country_code":"DE"}"#).status, 422, "type is required")
        XCTAssertEqual(try fixture.post(path, #"{"type":"home","country_code":"DE"}"#).status, 422)
        let made = try fixture.post(path, #"{"type":"shipping","first_name":"Ann","last_name":"B","address_1":"Weg 1","country_code":"DE"}"#)
        XCTAssertEqual(made.status, 200, made.text)
        let addressID = try XCTUnwrap(made.json["id"] as? String)
        XCTAssertEqual(try fixture.get("/v1/d/pii/profiles/\(id)/addresses/\(addressID)").json["full_name"] as? String, "Ann B")
        let changed = try fixture.send("PUT", "\(path)/\(addressID)", #"{"type":"billing","city":"Köln"}"#)
        XCTAssertEqual(changed.status, 200, changed.text)
        XCTAssertEqual(changed.json["type"] as? String, "billing")
        XCTAssertEqual(changed.json["city"] as? String, "Köln")
        XCTAssertEqual(try fixture.send("DELETE", "\(path)/\(addressID)", "{}").status, 422, "profile_revision is required")
        XCTAssertEqual(try fixture.send("DELETE", "\(path)/\(addressID)", #"{"profile_revision":0}"#).status, 204)
        XCTAssertEqual(try fixture.get("/customer/profiles/\(id)/addresses/\(addressID)").status, 404)
    }

    func testV0IsOffUnlessAsked() throws {
        let fixture = try APIFixture(regions: [.eu])
        XCTAssertEqual(try fixture.get(base).status, 404)
    }
}
