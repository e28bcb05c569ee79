import Foundation
import HTTPTestSupport
import XCTest

/// `/v1/d/pii/profiles` end to end over real sockets.
final class ProfileEndpointsTests: XCTestCase {
    let profiles = APIFixture.profiles

    func testGetOrCreateAnswers201ThenTheSameProfileWith200WhateverTheEmailCase() throws {
        let fixture = try APIFixture()
        let created = try fixture.createProfile(["email": "Jane.Roe@Example.org", "full_name": "Jane Roe",
                                                 "phone_number": "+4930123456", "store_id": "berlin-1", "created_by": "assoc-7",
                                                 "extended_attributes": ["loyalty_id": ["data_type": "string", "value": "0123456789"]]])
        XCTAssertEqual(created.status, 201, created.text)
        let profile = created.json
        let id = try XCTUnwrap(profile["id"] as? String)
        XCTAssertNotNil(id.wholeMatch(of: /NS-EU-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}/))
        XCTAssertNotNil((profile["display_id"] as? String)?.wholeMatch(of: /[0-9A-HJKMNP-TV-Z]{6}/))
        XCTAssertEqual(profile["email"] as? String, "Jane.Roe@Example.org")
        XCTAssertEqual(profile["phone_number"] as? String, "+4930123456")
        XCTAssertEqual(profile["store_id"] as? String, "berlin-1")
        XCTAssertEqual(profile["created_by"] as? String, "assoc-7")
        let attribute = (profile["extended_attributes"] as? [String: Any])?["loyalty_id"] as? [String: Any]
        XCTAssertEqual(attribute?["value"] as? String, "0123456789")
        XCTAssertNotNil((profile["created_at"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/))
        XCTAssertEqual(profile["created_at"] as? String, profile["updated_at"] as? String)

        let again = try fixture.createProfile(["email": "jane.roe@EXAMPLE.ORG", "full_name": "Someone Else"])
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(again.json["id"] as? String, id)
        XCTAssertEqual(again.json["full_name"] as? String, "Jane Roe", "get-or-create never changes an existing profile")
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)").json["email"] as? String, "Jane.Roe@Example.org")
    }

    func testEachInvalidFieldIs422NamingTheFieldButNotTheValue() throws {
        let fixture = try APIFixture(regions: [.eu])
        let cases: [(String, [String: Any])] = [
            ("email", ["full_name": "No Email"]),
            ("email", ["email": "not-an-email-SECRET"]),
            ("email", ["email": "two@@example.org"]),
            ("email", ["email": 42]),
            ("full_name", ["email": "a@example.org", "full_name": String(repeating: "N", count: 257)]),
            ("phone_number", ["email": "a@example.org", "phone_number": "030 1234 SECRET"]),
            ("phone_number", ["email": "a@example.org", "phone_number": "+0123"]),
            ("store_id", ["email": "a@example.org", "store_id": 7]),
            ("created_by", ["email": "a@example.org", "created_by": ["x"]]),
            ("extended_attributes", ["email": "a@example.org", "extended_attributes": "x"]),
            ("extended_attributes", ["email": "a@example.org", "extended_attributes": ["a": ["value": 1]]]),
            ("extended_attributes", ["email": "a@example.org", "extended_attributes":
                Dictionary(uniqueKeysWithValues: (0..<21).map { ("k\($0)", ["data_type": "string", "value": "v"]) })]),
            ("extended_attributes.value", ["email": "a@example.org", "extended_attributes": ["n": ["data_type": "number", "value": "SECRET"]]]),
            ("accepted", ["email": "a@example.org", "password": "SECRET"]),
        ]
        for (field, body) in cases {
            let response = try fixture.createProfile(body)
            XCTAssertEqual(response.status, 422, "\(field): \(response.text)")
            let message = response.json["message"] as? String ?? ""
            XCTAssertTrue(message.contains(field), "\(field): \(message)")
            XCTAssertFalse(response.text.contains("SECRET"), response.text)
            XCTAssertNotNil(response.json["request_id"])
        }
        XCTAssertEqual(try fixture.post(profiles, "{\"email\":").status, 400)
        XCTAssertEqual(try fixture.post(profiles, "[]").status, 400)
        XCTAssertEqual(try fixture.post(profiles, "{}", contentType: "text/plain").status, 415)
        XCTAssertEqual(try fixture.search("").json["pagination_info"].flatMap { ($0 as? [String: Any])?["total"] as? Int }, 0,
                       "nothing invalid was stored")
    }

    func testPatchChangesOnlyTheFieldsSentAndRefusesAStaleLastUpdatedAt() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("ann@example.org", ["full_name": "Ann Lee", "phone_number": "+15551234567",
            "extended_attributes": ["tier": ["data_type": "string", "value": "gold"], "pts": ["data_type": "number", "value": 10]]])
        let path = "\(profiles)/\(profile["id"] as! String)"
        let first = profile["updated_at"] as! String

        let updated = try fixture.patch(path, ["last_updated_at": first, "full_name": "Ann Lee-Smith", "phone_number": NSNull(),
            "extended_attributes": ["pts": ["data_type": "number", "value": 11], "tier": NSNull(), "new": ["data_type": "boolean", "value": true]]])
        XCTAssertEqual(updated.status, 200, updated.text)
        XCTAssertEqual(updated.json["full_name"] as? String, "Ann Lee-Smith")
        XCTAssertTrue(updated.json["phone_number"] is NSNull)
        XCTAssertEqual(updated.json["email"] as? String, "ann@example.org")
        let attributes = updated.json["extended_attributes"] as? [String: [String: Any]] ?? [:]
        XCTAssertEqual(Set(attributes.keys), ["pts", "new"])
        XCTAssertEqual(attributes["pts"]?["value"] as? Int, 11)
        let second = try XCTUnwrap(updated.json["updated_at"] as? String)
        XCTAssertGreaterThan(second, first)
        XCTAssertEqual(updated.json["created_at"] as? String, profile["created_at"] as? String)

        // The first writer's timestamp is stale now: a second writer holding it cannot overwrite.
        let stale = try fixture.patch(path, ["last_updated_at": first, "full_name": "Lost Update"])
        XCTAssertEqual(stale.status, 409)
        XCTAssertEqual(try fixture.get(path).json["full_name"] as? String, "Ann Lee-Smith")
        XCTAssertEqual(try fixture.patch(path, ["last_updated_at": "not a time", "full_name": "X"]).status, 422)
        XCTAssertEqual(try fixture.patch(path, ["full_name": "X"]).status, 422, "last_updated_at is required")
        XCTAssertEqual(try fixture.patch(path, ["last_updated_at": second, "email": "broken"]).status, 422)
        XCTAssertEqual(try fixture.patch(path, ["last_updated_at": second, "email": NSNull()]).status, 422)

        _ = try fixture.newProfile("bob@example.org")
        let taken = try fixture.patch(path, ["last_updated_at": second, "email": "BOB@example.org"])
        XCTAssertEqual(taken.status, 409, taken.text)
        // The same instant written with an offset is the same time.
        let offsetForm = second.replacingOccurrences(of: "Z", with: "+00:00")
        let moved = try fixture.patch(path, ["last_updated_at": offsetForm, "email": "ann.new@example.org"])
        XCTAssertEqual(moved.status, 200)
        XCTAssertEqual(try fixture.createProfile(["email": "ANN.NEW@example.org"]).status, 200, "the new e-mail is indexed")
        XCTAssertEqual(try fixture.createProfile(["email": "ann@example.org"]).status, 201, "the old one is free again")
    }

    /// RFC 3339 allows any number of fraction digits: a `last_updated_at` finer than the stored milliseconds
    /// matches when it falls in the stored millisecond, with `Z` or an offset.
    func testLastUpdatedAtMayCarryMoreFractionDigitsThanMilliseconds() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("micro@example.org")
        let path = "\(profiles)/\(profile["id"] as! String)"
        let stored = profile["updated_at"] as! String
        let micro = try fixture.patch(path, ["last_updated_at": stored.replacingOccurrences(of: "Z", with: "123Z"),
                                             "full_name": "Micro"])
        XCTAssertEqual(micro.status, 200, micro.text)
        let next = try XCTUnwrap(micro.json["updated_at"] as? String)
        let nano = try fixture.patch(path, ["last_updated_at": next.replacingOccurrences(of: "Z", with: "999999+00:00"),
                                            "full_name": "Nano"])
        XCTAssertEqual(nano.status, 200, nano.text)
        XCTAssertEqual(try fixture.patch(path, ["last_updated_at": next.replacingOccurrences(of: "Z", with: "5Z"),
                                                "full_name": "Stale"]).status, 409, "the same millisecond, but an old one")
    }

    func testDeletionIs202OnceThen409AndTheProfileIsGoneForEveryReader() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("gone@example.org", ["full_name": "Gone Person"])
        let id = profile["id"] as! String
        let address = try fixture.post("\(profiles)/\(id)/addresses", fixture.json(
            ["full_name": "Gone Person", "address_line_1": "1 Road", "zip_code": "1000", "city": "Brussels", "country_code": "BE"]))
        XCTAssertEqual(address.status, 201)
        let addressID = address.json["id"] as! String

        XCTAssertEqual(try fixture.post("\(profiles)/\(id)/delete", "").status, 202)
        XCTAssertEqual(try fixture.post("\(profiles)/\(id)/delete", "").status, 409)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)").status, 404)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)/addresses").status, 404)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)/addresses/\(addressID)").status, 404)
        XCTAssertEqual(try fixture.patch("\(profiles)/\(id)", ["last_updated_at": profile["updated_at"]!, "full_name": "x"]).status, 404)
        XCTAssertEqual(try fixture.search("q=gone").emailsCount, 0)
        XCTAssertEqual(try fixture.search("").emailsCount, 0)
        let detokenized = try fixture.detokenize(["p": id, "a": addressID])
        XCTAssertEqual(detokenized.errors, ["p": "token_not_found_error", "a": "token_not_found_error"])
        XCTAssertEqual(try fixture.createProfile(["email": "gone@example.org"]).status, 201, "a new profile may take the e-mail")

        // Crypto-shredded: the key, the fields, the addresses and the index entries are gone from the store.
        let database = try fixture.openRegionDatabase(.eu)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM profiles WHERE deleted_at IS NOT NULL AND (wrapped_key IS NOT NULL OR sealed IS NOT NULL OR email_index IS NOT NULL)"), 0)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM profiles WHERE deleted_at IS NOT NULL"), 1)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM addresses"), 0)
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM profile_grams"), 0)
        XCTAssertEqual(try database.scalarInt("""
            SELECT count(*) FROM profile_grams_recent r JOIN profiles p ON p.number = r.profile WHERE p.deleted_at IS NULL
            """), 1, "only the new profile's grams")
        XCTAssertEqual(try database.scalarInt("SELECT count(*) FROM profile_grams_recent"), 1)
    }

    func testProfilesAddressesAndIndexesSurviveARestart() throws {
        let fixture = try APIFixture(regions: [.eu])
        let id = try fixture.newProfile("kept@example.org", ["full_name": "Kept Person"])["id"] as! String
        let address = try fixture.post("\(profiles)/\(id)/addresses", fixture.json(
            ["full_name": "Kept Person", "address_line_1": "3 Way", "zip_code": "1010", "city": "Wien", "country_code": "AT"]))
        try fixture.restart()
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)").json["full_name"] as? String, "Kept Person")
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)/addresses/\(address.json["id"] as! String)").status, 200)
        XCTAssertEqual(try fixture.emails(fixture.search("q=kept%20p")), ["kept@example.org"])
        XCTAssertEqual(try fixture.createProfile(["email": "KEPT@example.org"]).status, 200)
    }

    func testAnotherTenantsProfileIs404NeverForbidden() throws {
        let fixture = try APIFixture(regions: [.eu])
        let id = try fixture.newProfile("private@example.org")["id"] as! String
        let updatedAt = try fixture.get("\(profiles)/\(id)").json["updated_at"] as! String
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)", tenant: "globex").status, 404)
        XCTAssertEqual(try fixture.patch("\(profiles)/\(id)", ["last_updated_at": updatedAt, "full_name": "x"], tenant: "globex").status, 404)
        XCTAssertEqual(try fixture.post("\(profiles)/\(id)/delete", "", tenant: "globex").status, 404)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)/addresses", tenant: "globex").status, 404)
        XCTAssertEqual(try fixture.detokenize(["p": id], tenant: "globex").errors, ["p": "token_not_found_error"])
        XCTAssertEqual(try fixture.search("q=private", tenant: "globex").emailsCount, 0)
        XCTAssertEqual(try fixture.search("q=\(id)", tenant: "globex").emailsCount, 0)
        // The same e-mail is a different profile in another tenant.
        let theirs = try fixture.createProfile(["email": "private@example.org"], tenant: "globex")
        XCTAssertEqual(theirs.status, 201)
        XCTAssertNotEqual(theirs.json["id"] as? String, id)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)").status, 200, "still there for its owner")
    }

    func testMalformedIdsAre400AndUnknownOnes404() throws {
        let fixture = try APIFixture(regions: [.eu])
        XCTAssertEqual(try fixture.get("\(profiles)/not-an-id").status, 400)
        XCTAssertEqual(try fixture.get("\(profiles)/NS-EU-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX").status, 404)
        XCTAssertEqual(try fixture.get("\(profiles)/NS-US-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX").status, 421,
                       "a region this node does not serve")
        let token = try fixture.tokenize(["e": "a@example.org"]).tokens["e"]!
        XCTAssertEqual(try fixture.get("\(profiles)/\(token)").status, 404, "a value token is not a profile id")
    }

    func testScopes() throws {
        let fixture = try APIFixture(regions: [.eu])
        let reader = try fixture.makeKey(tenant: "acme", scopes: [.profilesRead])
        let writer = try fixture.makeKey(tenant: "acme", scopes: [.profilesWrite])
        let tokenizer = try fixture.makeKey(tenant: "acme", scopes: [.tokenize, .detokenize])
        XCTAssertEqual(try fixture.createProfile(["email": "s@example.org"], key: reader).status, 403)
        let created = try fixture.createProfile(["email": "s@example.org"], key: writer)
        XCTAssertEqual(created.status, 201)
        let id = created.json["id"] as! String
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)", key: writer).status, 403)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)", key: tokenizer).status, 403)
        XCTAssertEqual(try fixture.get("\(profiles)/\(id)", key: reader).status, 200)
        XCTAssertEqual(try fixture.send("GET", profiles, key: "").status, 401)

        let token = try fixture.tokenize(["e": "t@example.org"]).tokens["e"]!
        let byReader = try fixture.detokenize(["p": id, "t": token], key: reader)
        XCTAssertEqual(byReader.errors, ["t": "permission_denied_error"])
        XCTAssertEqual((byReader.data["p"] as? [String: Any])?["email"] as? String, "s@example.org")
        let byTokenizer = try fixture.detokenize(["p": id, "t": token], key: tokenizer)
        XCTAssertEqual(byTokenizer.errors, ["p": "permission_denied_error"])
        XCTAssertEqual(byTokenizer.data["t"] as? String, "t@example.org")
    }

    func testDetokenizeAnswersProfilesAndAddressesAsGetDoes() throws {
        let fixture = try APIFixture(regions: [.eu])
        let id = try fixture.newProfile("d@example.org", ["full_name": "Dee Tok"])["id"] as! String
        let address = try fixture.post("\(profiles)/\(id)/addresses", fixture.json(
            ["full_name": "Dee Tok", "address_line_1": "2 Lane", "zip_code": "75001", "city": "Paris", "country_code": "FR"]))
        let addressID = address.json["id"] as! String
        let revealed = try fixture.detokenize(["p": id, "a": addressID])
        XCTAssertEqual(revealed.errors, [:])
        let getProfile = try fixture.get("\(profiles)/\(id)").json
        let getAddress = try fixture.get("\(profiles)/\(id)/addresses/\(addressID)").json
        XCTAssertEqual(NSDictionary(dictionary: revealed.data["p"] as? [String: Any] ?? [:]), NSDictionary(dictionary: getProfile))
        XCTAssertEqual(NSDictionary(dictionary: revealed.data["a"] as? [String: Any] ?? [:]), NSDictionary(dictionary: getAddress))
    }

    func testReadsAndWritesAreAudited() throws {
        let fixture = try APIFixture(regions: [.eu])
        let id = try fixture.newProfile("audited@example.org")["id"] as! String
        _ = try fixture.get("\(profiles)/\(id)")
        _ = try fixture.search("q=audited")
        _ = try fixture.post("\(profiles)/\(id)/delete", "")
        let records = try fixture.get("/v1/d/pii/audit?count=10").json["records"] as? [[String: Any]] ?? []
        let operations = records.compactMap { $0["operation"] as? String }
        XCTAssertEqual(Array(operations.prefix(4)), ["profile.delete", "profile.list", "profile.read", "profile.get_or_create"])
        let recordID = String(id.dropFirst(6).prefix(26))
        XCTAssertEqual((records.first?["records"] as? [String]) ?? [], [recordID])
        XCTAssertFalse(fixture.allFileBytes().contains(Array("audited@".utf8)))
    }
}

extension TestResponse {
    var emailsCount: Int { (json["profiles"] as? [Any])?.count ?? -1 }
}
