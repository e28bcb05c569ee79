import Clienteling
import Foundation
import HTTPServer
import HTTPTestSupport
import XCTest

/// The set-up routes driven in process, without sockets: the router, the handler contract, the real key
/// store and setup store (the live tests cover the same routes over sockets).
final class SetupRoutesTests: XCTestCase {
    func testKeysAreCheckedBeforeAnythingRuns() throws {
        let f = try SetupFixture(live: false)
        let anonymous = try f.send("GET", "/setup/stores", key: "")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.headers["www-authenticate"], "Bearer")
        XCTAssertEqual(try f.send("GET", "/setup/stores", key: "pvk_nothing").status, 401)
        let reader = try f.makeKey(tenant: "acme", scopes: [.setupRead])
        XCTAssertEqual(try f.send("GET", "/setup/stores", key: reader).status, 200)
        let refused = try f.send("PUT", "/setup/stores/s1", ["name": "A", "country_code": "DE", "landline": "+4930123456"], key: reader)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.json["message"] as? String, "this API key lacks the setup:write scope")
        XCTAssertEqual(try f.send("GET", "/setup/stores", tenant: "globex", key: reader).status, 403, "another tenant")
        let vaultOnly = try f.makeKey(tenant: "acme", scopes: [.tokenize])
        XCTAssertEqual(try f.send("GET", "/setup/stores", key: vaultOnly).status, 403)
        XCTAssertEqual(try f.send("GET", "/setup/stores/s1").status, 404, "nothing was written")
    }

    func testAStoreIsRegisteredReadAndListed() throws {
        let f = try SetupFixture(live: false)
        let responder = CapturingResponder(requestID: "register")
        let created = try inProcessRequest(f.router, method: "PUT", path: "/setup/stores/s1", headers: [
            "Tenant": "acme", "Authorization": "Bearer " + f.secrets["acme"]!, "Content-Type": "application/json",
        ], body: #"{"name":"Berlin Mitte","country_code":"DE","landline":"+4930123456"}"#, responder: responder)
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(responder.route, "/setup/stores/{store_id}", "the route label the access log shows")
        XCTAssertEqual(try f.send("PUT", "/setup/stores/s1", ["name": "Berlin Mitte", "country_code": "DE", "landline": "+4930123456"]).status,
                       200, "the same again")
        let read = try f.storeJSON("s1")
        XCTAssertEqual(read["name"] as? String, "Berlin Mitte")
        XCTAssertEqual(read["country_code"] as? String, "DE")
        let list = try f.send("GET", "/setup/stores")
        XCTAssertEqual(list.status, 200)
        XCTAssertEqual((list.json["stores"] as? [[String: Any]])?.compactMap { $0["store_id"] as? String }, ["s1"])
        XCTAssertEqual((try f.send("GET", "/setup/stores", tenant: "globex").json["stores"] as? [[String: Any]])?.count, 0,
                       "per tenant")
    }

    func testASetupErrorRendersAsItsStatusAndMessage() throws {
        let f = try SetupFixture(live: false)
        let missing = try f.send("GET", "/setup/regulatory-requirements/AQ")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.headers["content-type"], "application/problem+json")
        XCTAssertEqual(missing.json["message"] as? String, "clienteling numbers are not offered in AQ")
    }
}
