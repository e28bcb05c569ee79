import Foundation
import HTTPTestSupport
import XCTest
@testable import Vault

/// v2's `/customer/profiles` and `/customer/config` over the profiles v1 reads and writes.
final class CustomerV2ProfileTests: XCTestCase {
    let profiles = "/customer/profiles"

    func testNamesInTwoPartsAreAnsweredAsTheTenantChose() throws {
        let fixture = try APIFixture(regions: [.eu])
        let made = try fixture.post(profiles, fixture.json(["email": "ada@example.org", "first_name": "Ada", "last_name": "Lovelace"]))
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"] as? String)
        XCTAssertEqual(made.json["full_name"] as? String, "Ada Lovelace")
        XCTAssertEqual(made.json["first_name"] as? String, "", "the tenant has not enabled two-part names")
        XCTAssertEqual(made.json["phone_number"] as? String, "", "v2 answers strings, empty when unset")
        XCTAssertEqual(try fixture.get("/v1/d/pii/profiles/" + id).json["full_name"] as? String, "Ada Lovelace", "v1 reads one name")
        XCTAssertNil(try fixture.get("/v1/d/pii/profiles/" + id).json["first_name"], "v1's shape is unchanged")

        XCTAssertEqual(try fixture.send("PATCH", "/customer/config", #"{"first_and_last_name_enabled":true}"#).status, 200)
        let read = try fixture.get(profiles + "/" + id)
        XCTAssertEqual(read.json["first_name"] as? String, "Ada")
        XCTAssertEqual(read.json["last_name"] as? String, "Lovelace")
        for key in ["created_at", "created_by", "display_id", "email", "extended_attributes", "first_name", "full_name", "id",
                    "last_name", "phone_number", "store_id", "updated_at"] {
            XCTAssertNotNil(read.json[key], key)
        }

        let again = try fixture.post(profiles, fixture.json(["email": "ada@example.org", "full_name": "Someone Else"]))
        XCTAssertEqual(again.status, 201, "v2 answers 201 for an existing profile too")
        XCTAssertEqual(again.json["id"] as? String, id)
        XCTAssertEqual(again.json["full_name"] as? String, "Ada Lovelace", "get-or-create changes nothing")

        let both = try fixture.post(profiles, fixture.json(["email": "b@example.org", "first_name": "B", "full_name": "B C"]))
        XCTAssertEqual(both.status, 400, both.text)
        XCTAssertEqual(both.json["error_code"] as? String, "bad_request")

        // A full name through v1 drops the two parts, which would contradict it.
        let v1 = try fixture.patch("/v1/d/pii/profiles/" + id, ["last_updated_at": read.json["updated_at"]!, "full_name": "Ada King"])
        XCTAssertEqual(v1.status, 200, v1.text)
        let after = try fixture.get(profiles + "/" + id).json
        XCTAssertEqual(after["full_name"] as? String, "Ada King")
        XCTAssertEqual(after["first_name"] as? String, "")
    }

    func testAnUpdateReplacesTheExtendedAttributesAndChecksItsVersion() throws {
        let fixture = try APIFixture(regions: [.eu])
        let attribute = { (value: String) in ["data_type": "string", "value": value] }
        let made = try fixture.newProfile("attr@example.org", ["extended_attributes": ["a": attribute("1"), "b": attribute("2")]])
        let id = made["id"] as! String
        let patched = try fixture.send("PATCH", profiles + "/" + id, fixture.json([
            "last_updated_at": made["updated_at"]!, "extended_attributes": ["c": attribute("3")], "last_name": "Attr"]))
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual((patched.json["extended_attributes"] as? [String: Any]).map { Set($0.keys) }, ["c"], "v2 replaces the map")
        XCTAssertEqual(patched.json["full_name"] as? String, "Attr")

        let stale = try fixture.send("PATCH", profiles + "/" + id, fixture.json(["last_updated_at": made["updated_at"]!, "store_id": "s"]))
        XCTAssertEqual(stale.status, 409, stale.text)
        XCTAssertEqual(stale.json["error_code"] as? String, "conflict")

        // v1 still merges by name, on the same record.
        let v1 = try fixture.patch("/v1/d/pii/profiles/" + id, ["last_updated_at": patched.json["updated_at"]!,
                                                               "extended_attributes": ["d": attribute("4")]])
        XCTAssertEqual((v1.json["extended_attributes"] as? [String: Any]).map { Set($0.keys) }, ["c", "d"])
    }

    func testADeletionRequestIsOnceAndEveryGenerationSeesIt() throws {
        let fixture = try APIFixture(regions: [.eu])
        let id = try fixture.newProfile("gone@example.org")["id"] as! String
        XCTAssertEqual(try fixture.post(profiles + "/" + id, #"{"operation":"erase"}"#).status, 400)
        XCTAssertEqual(try fixture.post(profiles + "/" + id, #"{}"#).status, 400)
        XCTAssertEqual(try fixture.post(profiles + "/" + id, #"{"operation":"delete"}"#).status, 202)
        XCTAssertEqual(try fixture.post(profiles + "/" + id, #"{"operation":"delete"}"#).status, 409)
        XCTAssertEqual(try fixture.get("/v1/d/pii/profiles/" + id).status, 404)
        XCTAssertEqual(try fixture.get(profiles + "/" + id).status, 404)
    }

    func testTheListIsV1sSearchInV2sShape() throws {
        let fixture = try APIFixture(regions: [.eu])
        for i in 0..<3 { _ = try fixture.newProfile("list-\(i)@example.org", ["full_name": "List Person \(i)"]) }
        let page = try fixture.get(profiles + "?q=list-1&count=5")
        XCTAssertEqual(page.status, 200, page.text)
        let items = try XCTUnwrap(page.json["profiles"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["email"] as? String }, ["list-1@example.org"])
        XCTAssertEqual(items[0]["first_name"] as? String, "")
        XCTAssertEqual((page.json["pagination_info"] as? [String: Any])?["total"] as? Int, 1)
        XCTAssertEqual(try fixture.get(profiles + "?count=501").status, 400)
    }

    func testConfigKeepsTheCRMTokenSealedAndNeverAnswersIt() throws {
        let fixture = try APIFixture(regions: [.eu])
        let start = try fixture.get("/customer/config")
        XCTAssertEqual(start.status, 200, start.text)
        XCTAssertEqual(start.json["first_and_last_name_enabled"] as? Bool, false)
        XCTAssertEqual((start.json["byo_crm"] as? [String: Any])?["api_token_set"] as? Bool, false)

        let secret = "crm-TOKEN-canary-5521"
        let set = try fixture.send("PATCH", "/customer/config", fixture.json(["byo_crm": [
            "enabled": true, "url": "https://crm.example.com/hook", "api_token": secret]]))
        XCTAssertEqual(set.status, 200, set.text)
        let crm = try XCTUnwrap(set.json["byo_crm"] as? [String: Any])
        XCTAssertEqual(crm["api_token"] as? String, "")
        XCTAssertEqual(crm["api_token_set"] as? Bool, true)
        XCTAssertEqual(crm["url"] as? String, "https://crm.example.com/hook")
        XCTAssertNotNil(set.json["not_performed"], "the answer says the vault calls no CRM")
        XCTAssertFalse(set.text.contains(secret))
        XCTAssertEqual(try fixture.get("/customer/config").json["byo_crm"].map { ($0 as! [String: Any])["api_token_set"] as? Bool }, true)
        XCTAssertNil(fixture.allFileBytes().firstRange(of: Array(secret.utf8)), "sealed in the store, never logged")
        let change = try XCTUnwrap(fixture.control.auditRecords(tenant: Tenant("acme")!, offset: 0, count: 1).records.first)
        XCTAssertEqual(change.operation, "config.update")
        XCTAssertEqual(change.records, ["byo_crm.enabled", "byo_crm.url", "byo_crm.api_token"], "names, never values")

        for (body, status) in [
            (#"{"nom_consumer_profiles_merge":true}"#, 422),
            (#"{"byo_crm":{"url":"ftp://crm.example.com"}}"#, 422),
            (#"{"byo_crm":{"api_token":"has space"}}"#, 422),
            (#"{"byo_crm":{"colour":"red"}}"#, 422),
            (#"{"first_and_last_name_enabled":"yes"}"#, 422),
            (#"{"unknown":1}"#, 422),
        ] {
            let response = try fixture.send("PATCH", "/customer/config", body)
            XCTAssertEqual(response.status, status, body + " " + response.text)
            XCTAssertFalse(response.text.contains("crm.example.com"), "messages never echo values")
        }
        let cleared = try fixture.send("PATCH", "/customer/config", #"{"byo_crm":{"enabled":false,"api_token":""},"nom_consumer_profiles_merge":true}"#)
        XCTAssertEqual(cleared.status, 200, cleared.text)
        XCTAssertEqual((cleared.json["byo_crm"] as? [String: Any])?["api_token_set"] as? Bool, false)
        XCTAssertEqual(cleared.json["nom_consumer_profiles_merge"] as? Bool, true)

        try fixture.control.createTenant(Tenant("other")!, defaultRegion: .eu)
        let other = try fixture.makeKey(tenant: "other", scopes: [.profilesRead])
        XCTAssertEqual(try fixture.get("/customer/config", tenant: "other", key: other).json["nom_consumer_profiles_merge"] as? Bool, false,
                       "settings are the tenant's own")
    }
}

/// v2's addresses: v1's records with v2's looser creation rule, and at most so many per profile.
final class CustomerV2AddressTests: XCTestCase {
    func testAnAddressNeedsOnlyACountryThroughV2AndV1ReadsItsGaps() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("addr@example.org")["id"] as! String
        let path = "/customer/profiles/\(profile)/addresses"
        let made = try fixture.post(path, #"{"country_code":"DE","city":"Berlin"}"#)
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"] as? String)
        XCTAssertEqual(try fixture.post(path, #"{"country_code":"DE","city":"Berlin"}"#).status, 200, "the same address is found")
        let v1 = try fixture.get("/v1/d/pii/profiles/\(profile)/addresses/\(id)")
        XCTAssertEqual(v1.json["city"] as? String, "Berlin")
        XCTAssertTrue(v1.json["full_name"] is NSNull)
        XCTAssertEqual(try fixture.post("/v1/d/pii/profiles/\(profile)/addresses", #"{"country_code":"DE"}"#).status, 422,
                       "v1 still requires its fields")
        XCTAssertEqual(try fixture.post(path, #"{"city":"Berlin"}"#).status, 422, "country_code is required")
        XCTAssertEqual(try fixture.post(path, #"{"country_code":"DE","city":"  "}"#).status, 422, "a given line is not blank")

        let patched = try fixture.send("PATCH", "\(path)/\(id)", fixture.json(["last_updated_at": made.json["updated_at"]!, "city": NSNull(),
                                                                             "zip_code": "10115"]))
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertNil(patched.json["city"], "v2 may clear a line, and leaves out what an address lacks")
        let v1Patch = try fixture.send("PATCH", "/v1/d/pii/profiles/\(profile)/addresses/\(id)",
                                       fixture.json(["last_updated_at": patched.json["updated_at"]!, "zip_code": NSNull()]))
        XCTAssertEqual(v1Patch.status, 422, "v1 may not")
        XCTAssertEqual(try fixture.send("DELETE", "\(path)/\(id)").status, 204)
        XCTAssertEqual(try fixture.get("/v1/d/pii/profiles/\(profile)/addresses/\(id)").status, 404)
    }

    func testANewAddressPastTheLimitReplacesTheOldest() throws {
        let fixture = try APIFixture(regions: [.eu]) { vault, _ in vault.maxAddressesPerProfile = 3 }
        let profile = try fixture.newProfile("many@example.org")["id"] as! String
        let path = "/customer/profiles/\(profile)/addresses"
        var ids: [String] = []
        for i in 0..<4 {
            let made = try fixture.post(path, fixture.json(["country_code": "FR", "address_line_1": "\(i) rue Exemple"]))
            XCTAssertEqual(made.status, 201, made.text)
            ids.append(made.json["id"] as! String)
        }
        let list = try fixture.get(path + "?count=10")
        XCTAssertEqual((list.json["addresses"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, Array(ids.dropFirst()))
        XCTAssertEqual(try fixture.get("\(path)/\(ids[0])").status, 404, "the oldest was replaced")
        XCTAssertEqual(try fixture.post("/v1/d/pii/profiles/\(profile)/addresses", fixture.json([
            "full_name": "A", "address_line_1": "5 rue", "zip_code": "75001", "city": "Paris", "country_code": "FR"])).status, 201)
        XCTAssertEqual((try fixture.get(path).json["pagination_info"] as? [String: Any])?["total"] as? Int, 3, "v1 keeps the limit too")
    }
}

/// v2's bulk e-mail lookup.
final class CustomerV2LookupTests: XCTestCase {
    func testEMailsThatNameAProfileComeBackWithItsId() throws {
        let fixture = try APIFixture(regions: [.eu, .us])
        let ann = try fixture.newProfile("ann@example.org")["id"] as! String
        let bob = try fixture.newProfile("bob@example.com", region: "US")["id"] as! String
        let gone = try fixture.newProfile("gone@example.org")["id"] as! String
        XCTAssertEqual(try fixture.post("/customer/profiles/\(gone)", #"{"operation":"delete"}"#).status, 202)
        let path = "/customer/profiles/lookup-bulk-emails"
        let found = try fixture.post(path, fixture.json(["emails": ["ANN@example.org", "nobody@example.org", "bob@example.com",
                                                                    "gone@example.org", "not an e-mail"]]))
        XCTAssertEqual(found.status, 200, found.text)
        let results = try XCTUnwrap(found.json["results"] as? [[String: String]])
        XCTAssertEqual(Set(results.map { $0["email"]! + " " + $0["id"]! }), ["ANN@example.org " + ann, "bob@example.com " + bob],
                       "both regions, case-insensitively, as sent; a deleted profile is not found")
        XCTAssertEqual(try fixture.post(path, #"{"emails":[]}"#).json["results"] as? [[String: String]], [])
        XCTAssertEqual(try fixture.post(path, fixture.json(["emails": (0...1000).map { "u\($0)@example.org" }])).status, 422)
        XCTAssertEqual(try fixture.post(path, #"{"emails":[1]}"#).status, 422)
        XCTAssertEqual(try fixture.post(path, #"{"email":"a@example.org"}"#).status, 422)
        XCTAssertEqual(try fixture.post(path, #"{"operation":"delete"}"#).status, 422, "not taken for a profile's deletion")
    }
}
