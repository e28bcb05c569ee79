import Foundation
import HTTPTestSupport
import XCTest
@testable import Vault

/// v2's `POST /customer/tokens` and `/customer/data` over the records v1 writes and reads.
final class CustomerV2TokensTests: XCTestCase {
    let tokens = "/customer/tokens"

    func testTokenizeAnswersDataAndBothGenerationsReadTheTokens() throws {
        let fixture = try APIFixture(regions: [.eu])
        let made = try fixture.post(tokens, fixture.json(["data": ["email": "v2@example.org", "n": 7]]))
        XCTAssertEqual(made.status, 200, made.text)
        XCTAssertEqual(made.errors, [:])
        XCTAssertNil(made.json["tokens"], "v2 answers tokens under data")
        let token = try XCTUnwrap((made.data["email"] as? String))
        XCTAssertNotNil(token.wholeMatch(of: /NS-EU-[0-9A-Z]{26}-[0-9A-Z]{26}/), token)
        XCTAssertEqual(try fixture.detokenize(["e": token]).data["e"] as? String, "v2@example.org", "v1 reads a v2 token")

        let v1Token = try XCTUnwrap(fixture.tokenize(["x": "v1@example.org"]).tokens["x"])
        let read = try fixture.post(tokens + "?operation=detokenize",
                                    fixture.json(["data": ["a": token, "b": v1Token, "c": "NS-EU-nope", "n": made.data["n"]!]]))
        XCTAssertEqual(read.status, 200, read.text)
        XCTAssertEqual(read.data["a"] as? String, "v2@example.org")
        XCTAssertEqual(read.data["b"] as? String, "v1@example.org", "v2 reads a v1 token")
        XCTAssertEqual(read.data["n"] as? Int, 7)
        XCTAssertEqual(read.errors, ["c": "invalid_token_error"])
        XCTAssertEqual(try fixture.post(tokens + "?operation=tokenize", fixture.json(["data": ["k": "v"]])).status, 200)
    }

    func testDetokenizeRevealsProfilesAndDataEntriesByTheirIds() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("ada@example.org", ["full_name": "Ada Lovelace"])
        let entry = try fixture.post("/customer/data", fixture.json(["content_type": "text/plain", "content": Data("hi".utf8).base64EncodedString()]))
        XCTAssertEqual(entry.status, 201, entry.text)
        let read = try fixture.post(tokens + "?operation=detokenize",
                                    fixture.json(["data": ["p": profile["id"]!, "d": entry.json["id"]!]]))
        XCTAssertEqual(read.errors, [:], read.text)
        XCTAssertEqual((read.data["p"] as? [String: Any])?["email"] as? String, "ada@example.org")
        XCTAssertEqual((read.data["d"] as? [String: Any])?["content_type"] as? String, "text/plain")
    }

    func testMistakesAreProblemsWithAnErrorCode() throws {
        let fixture = try APIFixture(regions: [.eu])
        for (path, body, status, code) in [
            (tokens + "?operation=encrypt", #"{"data":{"a":"b"}}"#, 400, "bad_request"),
            (tokens + "?op=tokenize", #"{"data":{"a":"b"}}"#, 400, "bad_request"),
            (tokens + "?operation=detokenize", #"{"tokens":{"a":"b"}}"#, 400, "bad_request"),
            (tokens, #"{"data":{}}"#, 400, "bad_request"),
            (tokens, "{", 400, "bad_request"),
        ] {
            let response = try fixture.post(path, body)
            XCTAssertEqual(response.status, status, path + " " + body)
            XCTAssertEqual(response.json["error_code"] as? String, code, response.text)
            XCTAssertNotNil(response.json["request_id"] as? String)
            XCTAssertNotNil(response.json["message"] as? String)
            XCTAssertEqual(response.headers["content-type"], "application/problem+json")
        }
        let missing = try fixture.get("/customer/data/NS-EU-a5548746-acc1-4d75-81b9-72aec2bfebb7")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.json["error_code"] as? String, "not_found")
    }

    func testV2ScopeNamesGrantWhatTheyStandFor() throws {
        let fixture = try APIFixture(regions: [.eu])
        let reader = try fixture.makeKey(tenant: "acme", scopes: try XCTUnwrap(Scope.parseList("customer:profile:read")))
        let writer = try fixture.makeKey(tenant: "acme", scopes: try XCTUnwrap(Scope.parseList("customer:profile:write")))
        let refused = try fixture.post(tokens, #"{"data":{"a":"b"}}"#, key: reader)
        XCTAssertEqual(refused.status, 403, "reading does not tokenize")
        XCTAssertEqual(refused.json["error_code"] as? String, "forbidden")
        let made = try fixture.post(tokens, #"{"data":{"a":"b"}}"#, key: writer)
        XCTAssertEqual(made.status, 200, made.text)
        let token = try XCTUnwrap(made.data["a"] as? String)
        let read = try fixture.post(tokens + "?operation=detokenize", fixture.json(["data": ["a": token]]), key: reader)
        XCTAssertEqual(read.data["a"] as? String, "b")
        let writerRead = try fixture.post(tokens + "?operation=detokenize", fixture.json(["data": ["a": token]]), key: writer)
        XCTAssertEqual(writerRead.errors, ["a": "permission_denied_error"], "writing does not reveal")
        XCTAssertEqual(writerRead.data.count, 0)
    }

    func testDataEntriesThroughV2AreV1sEntries() throws {
        let fixture = try APIFixture(regions: [.eu])
        let bytes: [UInt8] = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF]
        let created = try fixture.post("/customer/data", fixture.json([
            "content_type": "application/pdf", "content": Data(bytes).base64EncodedString(), "ttl": 30]))
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"] as? String)
        XCTAssertNotNil(id.wholeMatch(of: /NS-EU-[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}/), id)
        let v2 = try fixture.get("/customer/data/" + id)
        XCTAssertEqual(v2.body, bytes)
        XCTAssertEqual(v2.headers["content-type"], "application/pdf")
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/" + id).body, bytes)
        XCTAssertEqual(try fixture.send("DELETE", "/customer/data/" + id).status, 204)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/" + id).status, 404)
    }
}
