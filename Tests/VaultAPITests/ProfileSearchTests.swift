import Foundation
import HTTPTestSupport
import XCTest

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
