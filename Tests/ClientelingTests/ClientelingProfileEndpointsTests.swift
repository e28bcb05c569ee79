import Foundation
import XCTest

/// `GET /clienteling/profiles` and `/clienteling/profiles/{customer_id}`: the v2 swagger's `Profiles` and
/// `Profile`, consent from the webhook, the phone number from the vault, opaque page tokens.
final class ClientelingProfileEndpointsTests: XCTestCase {
    func testAProfileShowsItsConsentPerStoreAndItsNumber() throws {
        let f = try SetupFixture()
        let ny = try f.onboardedStore("ny"), boston = try f.onboardedStore("boston")
        let phone = "+12025550187"
        let profile = try f.createShopper(phone: phone)
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles/\(profile)").status, 404, "has not answered yet")
        try f.inbound(SetupFixture.message(from: phone, to: ny, body: "YES"))
        let accepted = try f.send("GET", "/clienteling/profiles/\(profile)")
        XCTAssertEqual(accepted.status, 200, accepted.text)
        XCTAssertEqual(accepted.json["customer_id"] as? String, profile)
        XCTAssertEqual(accepted.json["phone_number"] as? String, phone)
        XCTAssertEqual(accepted.json["opted_out"] as? Bool, false)
        XCTAssertTrue(accepted.json["opted_out_at"] is NSNull)
        let store = try XCTUnwrap((accepted.json["opted_in"] as? [String: [String: String]])?["ny"])
        XCTAssertEqual(store["opt_in_state"], "accepted")
        XCTAssertNotNil(store["opt_in_state_modified_at"])

        try f.inbound(SetupFixture.message(from: phone, to: boston, body: "STOP"))
        let mixed = try f.send("GET", "/clienteling/profiles/\(profile)").json
        XCTAssertEqual((mixed["opted_in"] as? [String: [String: String]])?.mapValues { $0["opt_in_state"] ?? "" },
                       ["ny": "accepted", "boston": "rejected"])
        XCTAssertEqual(mixed["opted_out"] as? Bool, false, "still accepts ny's messages")
        try f.inbound(SetupFixture.message(from: phone, to: ny, body: "stop"))
        let out = try f.send("GET", "/clienteling/profiles/\(profile)").json
        XCTAssertEqual(out["opted_out"] as? Bool, true)
        XCTAssertNotNil(out["opted_out_at"] as? String)

        XCTAssertEqual(try f.send("GET", "/clienteling/profiles/\(profile)", tenant: "globex").status, 404, "another tenant's")
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles/NS-EU-nothing").status, 404)
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles/a%20b").status, 400)
        let reader = try f.makeKey(tenant: "acme", scopes: [.setupRead])
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles/\(profile)", key: reader).status, 200)
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles", key: try f.makeKey(tenant: "acme", scopes: [.profilesRead])).status, 403)
    }

    func testTheListPagesWithOpaqueTokens() throws {
        let f = try SetupFixture()
        let ny = try f.onboardedStore("ny")
        var ids: [String] = []
        for i in 0..<5 {
            let phone = "+1202555020\(i)"
            ids.append(try f.createShopper(phone: phone))
            try f.inbound(SetupFixture.message(from: phone, to: ny, body: i == 2 ? "STOP" : "YES"))
        }
        _ = try f.createShopper(phone: "+12025550300")  // never answered: no clienteling profile
        let first = try f.send("GET", "/clienteling/profiles?page_size=2")
        XCTAssertEqual(first.status, 200, first.text)
        var seen = (first.json["profiles"] as? [[String: Any]] ?? []).compactMap { $0["customer_id"] as? String }
        var token = (first.json["meta"] as? [String: Any])?["next_page_token"] as? String
        XCTAssertEqual(seen.count, 2)
        let opened = try XCTUnwrap(token)
        for id in ids { XCTAssertFalse(opened.contains(String(id.suffix(26))), "the token shows an id") }
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles?page_size=2&next_page_token=\(opened)", tenant: "globex").status, 400,
                       "another tenant's token")
        var tampered = Array(opened)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
        let bad = try f.send("GET", "/clienteling/profiles?next_page_token=\(String(tampered))")
        XCTAssertEqual(bad.status, 400)
        XCTAssertNotNil(bad.json["request_id"] as? String)
        XCTAssertEqual(try f.send("GET", "/clienteling/profiles?next_page_token=%2B%2F").status, 400)
        while let next = token {
            let page = try f.send("GET", "/clienteling/profiles?page_size=2&next_page_token=\(next)")
            XCTAssertEqual(page.status, 200, page.text)
            seen += (page.json["profiles"] as? [[String: Any]] ?? []).compactMap { $0["customer_id"] as? String }
            token = (page.json["meta"] as? [String: Any])?["next_page_token"] as? String
        }
        XCTAssertEqual(seen, ids.sorted(), "every shopper who answered, once, by id")
        let all = try f.send("GET", "/clienteling/profiles").json
        XCTAssertTrue((all["meta"] as? [String: Any])?["next_page_token"] is NSNull)
        let phones = (all["profiles"] as? [[String: Any]] ?? []).compactMap { $0["phone_number"] as? String }
        XCTAssertEqual(Set(phones), Set((0..<5).map { "+1202555020\($0)" }))
        XCTAssertEqual((try f.send("GET", "/clienteling/profiles", tenant: "globex").json["profiles"] as? [Any])?.count, 0)
        for bad in ["page_size=0", "page_size=1001", "page_size=x", "page=2"] {
            XCTAssertEqual(try f.send("GET", "/clienteling/profiles?\(bad)").status, 400, bad)
        }
    }
}
