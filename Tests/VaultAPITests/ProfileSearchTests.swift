import Foundation
import HTTPTestSupport
import XCTest
@testable import Vault

/// `GET /v1/d/pii/profiles`: search by substring and exact ids, sorting and paging.
final class ProfileSearchTests: XCTestCase {
    func testSubstringSearchOverEmailNameAndPhone() throws {
        let fixture = try APIFixture(regions: [.eu])
        _ = try fixture.newProfile("john.smith@example.org", ["full_name": "John Smith", "phone_number": "+14155550123"])
        _ = try fixture.newProfile("maria@beispiel.de", ["full_name": "María Gómez", "phone_number": "+4930901820"])
        _ = try fixture.newProfile("li.wei@example.cn", ["full_name": "Li Wei"])

        XCTAssertEqual(try fixture.emails(fixture.search("q=smith")), ["john.smith@example.org"])
        XCTAssertEqual(try fixture.emails(fixture.search("q=SMITH%40EXA")), ["john.smith@example.org"], "case-insensitive, inside the e-mail")
        XCTAssertEqual(try fixture.emails(fixture.search("q=" + "gómez".urlQueryEscaped)), ["maria@beispiel.de"], "non-ASCII names")
        XCTAssertEqual(try fixture.emails(fixture.search("q=" + "ía G".urlQueryEscaped)), ["maria@beispiel.de"], "across a space")
        XCTAssertEqual(try fixture.emails(fixture.search("q=5550")), ["john.smith@example.org"], "phone digits")
        XCTAssertEqual(try fixture.emails(fixture.search("q=" + "(415) 555".urlQueryEscaped)), ["john.smith@example.org"],
                       "phone punctuation is ignored")
        XCTAssertEqual(Set(try fixture.emails(fixture.search("q=example"))), ["john.smith@example.org", "li.wei@example.cn"])
        XCTAssertEqual(try fixture.emails(fixture.search("q=nobody")), [])
        XCTAssertEqual(try fixture.emails(fixture.search("q=Wei")), ["li.wei@example.cn"])
        XCTAssertEqual(try fixture.search("q=ab").status, 400, "too short for a partial match")
        XCTAssertEqual(try fixture.search("q=%20%20").emailsCount, 3, "a blank q lists everything")
    }

    func testExactMatchOnIdAndDisplayID() throws {
        let fixture = try APIFixture(regions: [.eu])
        let one = try fixture.newProfile("one@example.org")
        _ = try fixture.newProfile("two@example.org")
        let displayID = one["display_id"] as! String
        XCTAssertEqual(try fixture.emails(fixture.search("q=\(displayID)")), ["one@example.org"])
        XCTAssertEqual(try fixture.emails(fixture.search("q=\(displayID.lowercased())")), ["one@example.org"])
        XCTAssertEqual(try fixture.emails(fixture.search("q=\(one["id"] as! String)")), ["one@example.org"])
        XCTAssertEqual(try fixture.emails(fixture.search("q=\(String(displayID.prefix(5)))")), [],
                       "display ids match exactly, not partially")
    }

    func testPagingSortingAndLimits() throws {
        let fixture = try APIFixture(regions: [.eu])
        var emails: [String] = []
        for n in 0..<12 {
            emails.append("page\(n)@example.org")
            _ = try fixture.newProfile(emails[n])
            usleep(2_000)  // distinct creation times
        }
        let newestFirst = Array(emails.reversed())
        XCTAssertEqual(try fixture.emails(fixture.search("")), Array(newestFirst.prefix(10)), "default: created_at|desc, 10")
        let page = try fixture.search("offset=10&count=5")
        XCTAssertEqual(fixture.emails(page), Array(newestFirst.suffix(2)))
        let info = page.json["pagination_info"] as? [String: Int]
        XCTAssertEqual(info, ["count": 2, "total": 12, "offset": 10])
        XCTAssertEqual(try fixture.emails(fixture.search("sort=created_at%7Casc&count=3")), Array(emails.prefix(3)))
        let searched = try fixture.search("q=page&count=4&offset=4&sort=created_at%7Casc")
        XCTAssertEqual(fixture.emails(searched), Array(emails[4..<8]))
        XCTAssertEqual((searched.json["pagination_info"] as? [String: Int])?["total"], 12)

        // Updating the oldest makes it the most recently updated.
        let oldest = try fixture.search("sort=created_at%7Casc&count=1").json["profiles"] as! [[String: Any]]
        _ = try fixture.patch("\(APIFixture.profiles)/\(oldest[0]["id"] as! String)",
                              ["last_updated_at": oldest[0]["updated_at"]!, "full_name": "Touched"])
        XCTAssertEqual(try fixture.emails(fixture.search("sort=updated_at%7Cdesc&count=1")), [emails[0]])
        XCTAssertEqual(try fixture.emails(fixture.search("sort=updated_at%7Casc&count=1")), [emails[1]])

        for bad in ["count=0", "count=501", "offset=-1", "offset=x", "offset=9991&count=10", "offset=10000",
                    "sort=email%7Casc", "sort=created_at%7Cup", "limit=5", "count=5&count=6"] {
            let response = try fixture.search(bad)
            XCTAssertEqual(response.status, 400, bad)
            XCTAssertNotNil(response.json["message"], bad)
        }
        XCTAssertEqual(try fixture.search("offset=9990&count=10").status, 200, "a page ending at 10,000 is fine")
        XCTAssertEqual(try fixture.search("count=500").emailsCount, 12)
    }

    func testSearchSpansTheRegionsThisNodeServes() throws {
        let fixture = try APIFixture()
        _ = try fixture.newProfile("eu.shopper@example.org", region: "EU")
        usleep(2_000)
        _ = try fixture.newProfile("us.shopper@example.org", region: "US")
        XCTAssertEqual(try fixture.emails(fixture.search("q=shopper")), ["us.shopper@example.org", "eu.shopper@example.org"])
        XCTAssertEqual((try fixture.search("q=shopper").json["pagination_info"] as? [String: Int])?["total"], 2)
    }
}

/// The two tiers of the gram index (see `GramIndex`): searches agree before, during and after merges.
final class GramIndexMergeTests: XCTestCase {
    func testSearchesFindTheSameProfilesWhicheverTierHoldsTheirGrams() throws {
        let fixture = try APIFixture(regions: [.eu]) { vault, _ in vault.recentGramLimit = 4 }
        var ids: [String: [String: Any]] = [:]
        for name in ["Alma Brook", "Alma Stone", "Bruno Stone", "Chen Brook", "Dana Field", "Eli Fielding", "Faye Moss"] {
            let email = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.org"
            ids[name] = try fixture.newProfile(email, ["full_name": name])
        }
        let database = try fixture.openRegionDatabase(.eu)
        try waitUntil { try database.scalarInt("SELECT count(*) FROM profile_grams") > 0 }
        XCTAssertLessThan(try database.scalarInt("SELECT count(*) FROM profile_grams_recent"), 4)

        func names(_ q: String) throws -> Set<String> {
            Set((try fixture.search("q=\(q)&count=100").json["profiles"] as? [[String: Any]] ?? []).compactMap { $0["full_name"] as? String })
        }
        XCTAssertEqual(try names("brook"), ["Alma Brook", "Chen Brook"])
        XCTAssertEqual(try names("stone"), ["Alma Stone", "Bruno Stone"])
        XCTAssertEqual(try names("field"), ["Dana Field", "Eli Fielding"])
        XCTAssertEqual(try names("alma"), ["Alma Brook", "Alma Stone"])

        // Renamed and deleted profiles leave both tiers: no stale match, whichever tier held them.
        let stone = ids["Bruno Stone"]!
        XCTAssertEqual(try fixture.patch("\(APIFixture.profiles)/\(stone["id"] as! String)",
                                         ["last_updated_at": stone["updated_at"]!, "full_name": "Bruno Ridge",
                                          "email": "bruno.ridge@example.org"]).status, 200)
        XCTAssertEqual(try fixture.post("\(APIFixture.profiles)/\(ids["Chen Brook"]!["id"] as! String)/delete", "").status, 202)
        for name in ["Gus Ridge", "Hana Ridgeway", "Ivo Moss"] {
            _ = try fixture.newProfile(name.lowercased().replacingOccurrences(of: " ", with: "_") + "@example.net", ["full_name": name])
        }
        try waitUntil { try database.scalarInt("SELECT count(*) FROM profile_grams_recent") < 4 }
        XCTAssertEqual(try names("stone"), ["Alma Stone"])
        XCTAssertEqual(try names("brook"), ["Alma Brook"])
        XCTAssertEqual(try names("ridge"), ["Bruno Ridge", "Gus Ridge", "Hana Ridgeway"])
        XCTAssertEqual(try names("moss"), ["Faye Moss", "Ivo Moss"])
        // No posting points at a deleted profile or at a name a profile no longer has.
        let live = try database.scalarInt("SELECT count(*) FROM profiles WHERE deleted_at IS NULL")
        XCTAssertEqual(try database.scalarInt("""
            SELECT count(DISTINCT g.profile) FROM profile_grams g JOIN profiles p ON p.number = g.profile
            WHERE p.deleted_at IS NULL
            """), try database.scalarInt("SELECT count(DISTINCT profile) FROM profile_grams"))
        XCTAssertLessThanOrEqual(try database.scalarInt("SELECT count(DISTINCT profile) FROM profile_grams"), live)
        let store = try XCTUnwrap(fixture.vault.stores[.eu])
        let renamed = ProfileFields(email: "bruno.ridge@example.org", fullName: "Bruno Ridge")
        let expected = try store.blindIndex.grams(of: renamed, tenant: Tenant("acme")!)
        let number = try database.scalarInt("SELECT number FROM profiles WHERE id = ?",
                                            [.blob(try Token.parse(stone["id"] as! String).id.bytes)])
        var held = Set(try database.integers("SELECT gram FROM profile_grams WHERE profile = ?", [.integer(number)]))
        XCTAssertTrue(held.isSubset(of: expected), "no gram of the old name or e-mail stays in the main tier")
        for grams in try database.blobs("SELECT grams FROM profile_grams_recent WHERE profile = ?", [.integer(number)]) {
            held.formUnion(GramIndex.decode(grams))
        }
        XCTAssertEqual(held, expected)

        try fixture.restart()
        XCTAssertEqual(try names("ridge"), ["Bruno Ridge", "Gus Ridge", "Hana Ridgeway"])
    }

    private func waitUntil(_ condition: () throws -> Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        for _ in 0..<200 {
            if try condition() { return }
            usleep(10_000)
        }
        XCTFail("timed out", file: file, line: line)
    }
}
