import Foundation
import XCTest

final class TemplateEndpointsTests: XCTestCase {
    func testOptInHasADefaultUntilTheTenantSavesItsOwn() throws {
        let f = try SetupFixture()
        let initial = try f.send("GET", "/setup/templates/opt-in").json
        XCTAssertEqual(initial["default"] as? Bool, true)
        XCTAssertFalse((initial["body"] as? String ?? "").isEmpty)
        let saved = try f.send("PUT", "/setup/templates/opt-in", ["body": "Hallo! Reply YES for news from Dodici."])
        XCTAssertEqual(saved.status, 200)
        XCTAssertEqual(try f.send("GET", "/setup/templates/opt-in").json["body"] as? String, "Hallo! Reply YES for news from Dodici.")
        XCTAssertEqual(try f.send("GET", "/setup/templates/opt-in", tenant: "globex").json["default"] as? Bool, true)
        XCTAssertEqual(try f.send("PUT", "/setup/templates/opt-in", ["body": ""]).status, 400)
        XCTAssertEqual(try f.send("PUT", "/setup/templates/opt-in", ["body": String(repeating: "a", count: 1_601)]).status, 400)
    }

    func testQuickRepliesAreAddedUpdatedAndDeleted() throws {
        let f = try SetupFixture()
        let created = try f.send("POST", "/setup/templates/quick-replies", ["title": "Busy", "message": "One moment, please."])
        XCTAssertEqual(created.status, 201)
        let id = try XCTUnwrap(created.json["id"] as? String)
        let patched = try f.send("PATCH", "/setup/templates/quick-replies/\(id)", ["message": "Back in a minute."])
        XCTAssertEqual(patched.status, 200)
        XCTAssertEqual(patched.json["title"] as? String, "Busy")
        XCTAssertEqual(patched.json["message"] as? String, "Back in a minute.")
        let list = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/templates/quick-replies").body)) as? [[String: Any]]
        XCTAssertEqual(list?.map { $0["id"] as? String }, [id])
        XCTAssertEqual(try f.send("PATCH", "/setup/templates/quick-replies/\(id)", [String: String]()).status, 400)
        XCTAssertEqual(try f.send("PATCH", "/setup/templates/quick-replies/\(id)", ["title": "x"], tenant: "globex").status, 404)
        XCTAssertEqual(try f.send("DELETE", "/setup/templates/quick-replies/\(id)", tenant: "globex").status, 404)
        XCTAssertEqual(try f.send("DELETE", "/setup/templates/quick-replies/\(id)").status, 204)
        XCTAssertEqual(try f.send("DELETE", "/setup/templates/quick-replies/\(id)").status, 404)
        XCTAssertEqual(try f.send("POST", "/setup/templates/quick-replies", ["title": "", "message": "m"]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/templates/quick-replies", ["title": "t"]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/templates/quick-replies", ["title": "Hours", "message": "Mon-Fri\n10-19"]).status, 201,
                       "messages may have line breaks")
        XCTAssertEqual(try f.send("POST", "/setup/templates/quick-replies", ["title": "a\nb", "message": "m"]).status, 400,
                       "titles may not")
    }
}
