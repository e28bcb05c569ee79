import Foundation
import HTTPTestSupport
import StoreTestSupport
import VaultStore
import XCTest
@testable import Vault

/// The token API end to end over real sockets.
final class TokenEndpointsTests: XCTestCase {
    func testRoundTripOfEveryJSONType() throws {
        let fixture = try APIFixture()
        let body = #"{"data":{"s":"john.doe@example.org","i":42,"f":-1.50e3,"big":123456789012345678901234567890,"#
            + #""t":true,"F":false,"z":null,"a":[1,"two",{"three":3}],"o":{"nested":{"deep":[null]}},"u":"\u00e9\ud83d\ude00\n"}}"#
        let tokenized = try fixture.post("/v1/d/pii/tokenize", body)
        XCTAssertEqual(tokenized.status, 200)
        XCTAssertEqual(tokenized.errors.count, 0)
        XCTAssertEqual(tokenized.tokens.count, 10)
        for token in tokenized.tokens.values {
            XCTAssertNotNil(token.wholeMatch(of: /NS-EU-[0-7][0-9A-HJKMNP-TV-Z]{25}-[0-7][0-9A-HJKMNP-TV-Z]{25}/), token)
        }
        let detokenized = try fixture.detokenize(tokenized.tokens)
        XCTAssertEqual(detokenized.status, 200)
        // Values come back as the same JSON text (numbers exactly as written).
        XCTAssertTrue(detokenized.text.contains(#""f":-1.50e3"#), detokenized.text)
        XCTAssertTrue(detokenized.text.contains(#""big":123456789012345678901234567890"#))
        XCTAssertTrue(detokenized.text.contains(#""z":null"#))
        let data = detokenized.data
        XCTAssertEqual(data["s"] as? String, "john.doe@example.org")
        XCTAssertEqual(data["i"] as? Int, 42)
        XCTAssertEqual(data["t"] as? Bool, true)
        XCTAssertEqual(data["F"] as? Bool, false)
        XCTAssertEqual((data["a"] as? [Any])?.count, 3)
        XCTAssertEqual(data["u"] as? String, "é😀\n")
        XCTAssertEqual(((data["o"] as? [String: Any])?["nested"] as? [String: Any])?.keys.first, "deep")
        XCTAssertEqual(detokenized.errors.count, 0)
    }

    func testPerKeyErrors() throws {
        let fixture = try APIFixture(regions: [.eu])
        let good = try fixture.tokenize(["email": "a@example.org"]).tokens["email"]!
        let response = try fixture.detokenize([
            "good": good,
            "unknown": "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608",
            "malformed": "not-a-token",
            "number": 12,
            "lowercase": good.lowercased(),
            "unknownRegion": good.replacingOccurrences(of: "NS-EU", with: "NS-ZZ"),
            "unserved": good.replacingOccurrences(of: "NS-EU", with: "NS-US"),
        ])
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.data["good"] as? String, "a@example.org")
        XCTAssertEqual(response.errors, [
            "unknown": "token_not_found_error", "malformed": "invalid_token_error", "number": "invalid_token_error",
            "lowercase": "invalid_token_error", "unknownRegion": "invalid_token_error",
            "unserved": "region_not_served_error",
        ])
    }

    func testOversizedValueFailsOnlyItsKey() throws {
        let fixture = try APIFixture { vault, _ in vault.maxValueBytes = 100 }
        let response = try fixture.tokenize(["small": "x", "large": String(repeating: "y", count: 200)])
        XCTAssertEqual(response.status, 200)
        XCTAssertNotNil(response.tokens["small"])
        XCTAssertEqual(response.errors, ["large": "value_too_large_error"])
    }

    func testTenantIsolation() throws {
        let fixture = try APIFixture()
        let token = try fixture.tokenize(["e": "secret@example.org"], tenant: "acme").tokens["e"]!
        let other = try fixture.detokenize(["e": token], tenant: "globex")
        XCTAssertEqual(other.errors, ["e": "token_not_found_error"])
        XCTAssertFalse(other.text.contains("secret"))
        XCTAssertEqual(try fixture.detokenize(["e": token], tenant: "acme").data["e"] as? String, "secret@example.org")
    }

    func testResidencyHeaderRoutesWritesAndDefaultApplies() throws {
        let fixture = try APIFixture(defaultRegion: .us)
        XCTAssertTrue(try fixture.tokenize(["a": 1]).tokens["a"]!.hasPrefix("NS-US-"))
        XCTAssertTrue(try fixture.tokenize(["a": 1], region: "EU").tokens["a"]!.hasPrefix("NS-EU-"))
        XCTAssertEqual(try fixture.tokenize(["a": 1], region: "XX").status, 400)
        XCTAssertEqual(try fixture.tokenize(["a": 1], region: "eu").status, 400)
        let euOnly = try APIFixture(regions: [.eu])
        let refused = try euOnly.tokenize(["a": 1], region: "US")
        XCTAssertEqual(refused.status, 421)
        XCTAssertTrue((refused.json["message"] as? String ?? "").contains("US"))
    }

    func testAUSTokensRowIsInTheUSFileOnly() throws {
        let fixture = try APIFixture()
        let token = try Token.parse(try fixture.tokenize(["e": "us@example.org"], region: "US").tokens["e"]!)
        XCTAssertEqual(token.region, .us)
        fixture.stop()
        func rows(_ region: Region) throws -> Int64 {
            try StoreInspector(.region(region), dataDirectory: fixture.dataDirectory)
                .scalarInt("SELECT count(*) FROM tokens WHERE id = ?", [.blob(token.id.bytes)])
        }
        XCTAssertEqual(try rows(.us), 1)
        XCTAssertEqual(try rows(.eu), 0)
    }

    func testStatusCodesAndErrorBodies() throws {
        let fixture = try APIFixture()
        let tooMany = Dictionary(uniqueKeysWithValues: (0..<26).map { ("k\($0)", $0) })
        let cases: [(TestResponse, Int)] = [
            (try fixture.post("/v1/d/pii/tokenize", "{not json"), 400),
            (try fixture.post("/v1/d/pii/tokenize", "[1,2]"), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":[1]}"#), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{}}"#), 400),
            (try fixture.post("/v1/d/pii/tokenize", fixture.json(["data": tooMany])), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1,"a":2}}"#), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1},"extra":true}"#), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"dat":{"a":1}}"#), 400),
            (try fixture.post("/v1/d/pii/detokenize", #"{"tokens":"NS-EU"}"#), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1}}"#, tenant: nil), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1}}"#, tenant: "Bad Tenant", key: fixture.secrets["acme"]), 400),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1}}"#, contentType: "text/plain"), 415),
            (try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1}}"#, contentType: nil), 415),
            (try fixture.post("/v1/d/pii/tokenize", String(repeating: " ", count: 2 << 20)), 413),
            (try fixture.post("/v1/d/pii/tokenize", "\"\u{00ff}\"".replacingOccurrences(of: "ÿ", with: "\\ud800")), 400),
            (try httpRequest(port: fixture.port, method: "GET", path: "/v1/d/pii/tokenize"), 405),
            (try httpRequest(port: fixture.port, method: "GET", path: "/v1/d/pii/nothing"), 404),
        ]
        for (index, (response, status)) in cases.enumerated() {
            XCTAssertEqual(response.status, status, "case \(index): \(response.text)")
            let id = response.json["request_id"] as? String
            XCTAssertNotNil(id, "case \(index)")
            XCTAssertEqual(id, response.headers["x-request-id"], "case \(index)")
            XCTAssertFalse((response.json["message"] as? String ?? "").isEmpty, "case \(index)")
        }
        // Invalid UTF-8 in the body.
        let c = try TestConnection(port: fixture.port)
        let raw: [UInt8] = Array(#"{"data":{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
        try c.send("POST /v1/d/pii/tokenize HTTP/1.1\r\nHost: h\r\nTenant: acme\r\nAuthorization: Bearer \(fixture.secrets["acme"]!)\r\n"
                   + "Content-Type: application/json\r\nContent-Length: \(raw.count)\r\n\r\n")
        try c.send(raw)
        XCTAssertEqual(try c.readResponse().status, 400)
    }

    func testSuccessCarriesRequestIDHeader() throws {
        let fixture = try APIFixture()
        let response = try fixture.tokenize(["a": 1])
        XCTAssertEqual(response.headers["x-request-id"]?.count, 32)
        XCTAssertEqual(response.headers["content-type"], "application/json")
    }

    func testAnsweredTokensSurviveRestart() throws {
        let fixture = try APIFixture()
        var tokens: [String: String] = [:]
        for i in 0..<20 { tokens["k\(i)"] = try fixture.tokenize(["v": "value \(i)"]).tokens["v"] }
        try fixture.restart()
        let response = try fixture.detokenize(tokens)
        XCTAssertEqual(response.errors.count, 0)
        for i in 0..<20 { XCTAssertEqual(response.data["k\(i)"] as? String, "value \(i)") }
    }

    func testNoPlaintextOrTokenInLogsOrFiles() throws {
        let fixture = try APIFixture()
        let canary = "canary-\(UUID().uuidString)@example.org"
        let token = try fixture.tokenize(["email": canary]).tokens["email"]!
        _ = try fixture.detokenize(["email": token, "bad": token + "0"])
        _ = try fixture.post("/v1/d/pii/tokenize", #"{"data":{"email":"\#(canary)",}}"#)
        _ = try fixture.post("/v1/d/pii/detokenize", #"{"tokens":{"x":"\#(token)"},"junk":1}"#)
        fixture.stop()
        let bytes = fixture.allFileBytes()
        XCTAssertFalse(contains(bytes, canary), "plaintext on disk or in the log")
        XCTAssertFalse(contains(bytes, token), "token on disk or in the log")
        XCTAssertFalse(contains(bytes, String(token.suffix(26))), "token secret on disk or in the log")
        XCTAssertTrue(fixture.logText().contains("\"route\":\"/v1/d/pii/tokenize\""), "access log present")
    }

    func testHealth() throws {
        let fixture = try APIFixture(regions: [.us], defaultRegion: .us)
        let response = try httpRequest(port: fixture.port, method: "GET", path: "/healthz")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.json["regions"] as? [String], ["US"])
    }

    func testHEADAnswersAsGETWouldWithoutABody() throws {
        let fixture = try APIFixture(regions: [.us], defaultRegion: .us)
        let profile = try fixture.newProfile("head@example.org")
        let profilePath = APIFixture.profiles + "/" + (profile["id"] as? String ?? "")
        for path in ["/healthz", "/openapi.json", profilePath] {
            let get = try fixture.send("GET", path)
            let head = try fixture.send("HEAD", path)
            XCTAssertEqual(get.status, 200, path)
            XCTAssertEqual(head.status, 200, path)
            XCTAssertEqual(head.headers["content-length"], String(get.body.count), path)
            XCTAssertEqual(head.body.count, 0, path)
        }
        let unauthenticated = try fixture.send("HEAD", profilePath, key: "")
        XCTAssertEqual(unauthenticated.status, 401, "HEAD passes the same checks as GET")
        XCTAssertEqual(try fixture.send("HEAD", "/v1/d/pii/tokenize").headers["allow"], "POST")
    }

    func testAnswersCarryingPIIAreNotStored() throws {
        let fixture = try APIFixture(regions: [.us], defaultRegion: .us)
        let token = try fixture.tokenize(["e": "a@example.org"]).tokens["e"]!
        let detokenized = try fixture.detokenize(["e": token])
        XCTAssertEqual(detokenized.status, 200)
        XCTAssertEqual(detokenized.headers["cache-control"], "no-store")
    }

    func testConcurrentClientsAllGetDurableTokens() throws {
        let fixture = try APIFixture()
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            for i in 0..<10 {
                let value = "w\(worker)-\(i)"
                if let token = try? fixture.tokenize(["v": value]).tokens["v"] { results.add(token, value) }
            }
        }
        XCTAssertEqual(results.count, 160)
        try fixture.restart()
        for (token, value) in results.all {
            XCTAssertEqual(try fixture.detokenize(["v": token]).data["v"] as? String, value)
        }
    }

    private func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= bytes.count else { return false }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle {
            return true
        }
        return false
    }
}

final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pairs: [(String, String)] = []
    func add(_ token: String, _ value: String) { lock.lock(); pairs.append((token, value)); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return pairs.count }
    var all: [(String, String)] { lock.lock(); defer { lock.unlock() }; return pairs }
}
