import Foundation
import HTTPTestSupport
import XCTest
@testable import Vault
@testable import VaultAPI

/// API keys over real sockets: 401, 403 and 429, scopes per endpoint and per token, revocation, expiry.
final class AccessTests: XCTestCase {
    func testMissingMalformedUnknownKeysAre401WithChallenge() throws {
        let fixture = try APIFixture()
        let real = fixture.secrets["acme"]!
        let forged = String(real.dropLast()) + (real.last == "A" ? "B" : "A")
        for (key, extra) in [("", [:]), ("pvk_nothing", [:]), (forged, [:]), ("", ["Authorization": "Basic abc"]),
                             ("", ["Authorization": "Bearer "])] as [(String, [String: String])] {
            let response = try fixture.post("/v1/d/pii/tokenize", #"{"data":{"a":1}}"#, key: key, extra: extra)
            XCTAssertEqual(response.status, 401, key)
            XCTAssertEqual(response.headers["www-authenticate"], "Bearer")
            XCTAssertFalse(response.text.contains(real))
        }
    }

    func testAnotherTenantsKeyIs403() throws {
        let fixture = try APIFixture()
        let response = try fixture.tokenize(["a": 1], tenant: "acme", key: fixture.secrets["globex"])
        XCTAssertEqual(response.status, 403)
        XCTAssertTrue((response.json["message"] as? String ?? "").contains("another tenant"))
    }

    func testATokenizeOnlyKeyCannotReadAnything() throws {
        let fixture = try APIFixture()
        let writer = try fixture.makeKey(tenant: "acme", scopes: [.tokenize])
        let token = try fixture.tokenize(["e": "a@example.org"], key: writer).tokens["e"]!
        let refused = try fixture.detokenize(["e": token], key: writer)
        XCTAssertEqual(refused.status, 403)
        XCTAssertTrue((refused.json["message"] as? String ?? "").contains("detokenize"))
        XCTAssertFalse(refused.text.contains("a@example.org"))
        // A reader with other read scopes but not `detokenize`: refused per key, not per batch.
        let profileReader = try fixture.makeKey(tenant: "acme", scopes: [.profilesRead])
        let perKey = try fixture.detokenize(["e": token, "junk": "x"], key: profileReader)
        XCTAssertEqual(perKey.status, 200)
        XCTAssertEqual(perKey.errors, ["e": "permission_denied_error", "junk": "invalid_token_error"])
        // And a detokenize-only key cannot tokenize.
        let reader = try fixture.makeKey(tenant: "acme", scopes: [.detokenize])
        XCTAssertEqual(try fixture.detokenize(["e": token], key: reader).data["e"] as? String, "a@example.org")
        XCTAssertEqual(try fixture.tokenize(["a": 1], key: reader).status, 403)
    }

    func testRevocationTakesEffectWithinASecond() throws {
        let fixture = try APIFixture()
        let secret = try fixture.makeKey(tenant: "acme", scopes: [.tokenize])
        XCTAssertEqual(try fixture.tokenize(["a": 1], key: secret).status, 200)
        let id = String(secret.dropFirst(4).prefix(16))  // pvk_<id>_<secret>
        XCTAssertTrue(try fixture.control.listKeys().contains { $0.id == id })
        XCTAssertTrue(try fixture.control.revokeKey(id: id))
        usleep(1_100_000)
        XCTAssertEqual(try fixture.tokenize(["a": 1], key: secret).status, 401)
    }

    func testExpiredKeysFail() throws {
        let fixture = try APIFixture()
        let secret = try fixture.makeKey(tenant: "acme", scopes: [.tokenize], expiresIn: 1)
        usleep(20_000)
        XCTAssertEqual(try fixture.tokenize(["a": 1], key: secret).status, 401)
    }

    func testRateLimitAnswers429WithRetryAfter() throws {
        let fixture = try APIFixture(rateLimit: 5)
        var statuses: [Int] = []
        for _ in 0..<12 { statuses.append(try fixture.tokenize(["a": 1]).status) }
        XCTAssertEqual(statuses.prefix(5), [200, 200, 200, 200, 200])
        XCTAssertTrue(statuses.contains(429))
        let limited = try fixture.tokenize(["a": 1])
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.headers["retry-after"], "1")
        // Another key has its own bucket.
        XCTAssertEqual(try fixture.tokenize(["a": 1], tenant: "globex").status, 200)
    }

    /// The scheme in any case, one space, then the key (surrounding spaces dropped); anything else has none.
    func testTheBearerSchemeIsReadOnItsBytes() {
        XCTAssertEqual(Access.bearerSecret("Bearer pvk_a_b"), "pvk_a_b")
        XCTAssertEqual(Access.bearerSecret("bEaReR pvk_a_b"), "pvk_a_b")
        XCTAssertEqual(Access.bearerSecret("Bearer   pvk_a_b \t"), "pvk_a_b")
        XCTAssertEqual(Access.bearerSecret("Bearer  "), "")
        for header in ["Bearer", "Bearer ", "Basic pvk_a_b", "Bearer\tpvk_a_b", "Bearerpvk_a_b", "Béarer pvk", "Bearer\u{0}pvk"] {
            XCTAssertNil(Access.bearerSecret(header), header)
        }
    }

    func testHealthNeedsNoKey() throws {
        let fixture = try APIFixture()
        XCTAssertEqual(try httpRequest(port: fixture.port, method: "GET", path: "/healthz").status, 200)
    }

    func testControlDatabaseHoldsNoSecret() throws {
        let fixture = try APIFixture()
        let secret = try fixture.makeKey(tenant: "acme", scopes: [.tokenize])
        fixture.stop()
        let bytes = FileManager.default.contents(atPath: fixture.dataDirectory + "/control.sqlite") ?? Data()
        let wal = FileManager.default.contents(atPath: fixture.dataDirectory + "/control.sqlite-wal") ?? Data()
        let all = [UInt8](bytes + wal)
        let random = Array(secret.suffix(43).utf8)
        XCTAssertFalse(all.contains(random))
        XCTAssertFalse(fixture.logText().contains(String(secret.suffix(43))))
    }
}

extension [UInt8] {
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        for i in 0...(count - needle.count) where self[i] == needle[0] && Array(self[i..<(i + needle.count)]) == needle {
            return true
        }
        return false
    }
}
