import XCTest
@testable import Vault

final class APIKeyTests: XCTestCase {
    func testSecretFormatAndKeyID() throws {
        for _ in 0..<200 {
            let (id, secret) = try APIKeySecret.generate()
            XCTAssertTrue(secret.hasPrefix("pvk_"))
            XCTAssertEqual(secret.count, 64)
            // The random part may itself contain "_": the id must still come out whole.
            XCTAssertEqual(APIKeySecret.keyID(of: secret), id)
            XCTAssertEqual(id.count, 16)
        }
        let (_, secret) = try APIKeySecret.generate()
        XCTAssertNil(APIKeySecret.keyID(of: String(secret.dropLast())))
        XCTAssertNil(APIKeySecret.keyID(of: "pvk_" + String(repeating: "G", count: 16) + "_" + String(repeating: "a", count: 43)))
        XCTAssertNil(APIKeySecret.keyID(of: "xyz_" + secret.dropFirst(4)))
        XCTAssertNotEqual(try APIKeySecret.generate().secret, try APIKeySecret.generate().secret)
    }

    func testUsability() {
        let key = APIKey(id: "a", tenant: Tenant("acme")!, name: "", scopes: [.tokenize], createdAt: 0, expiresAt: 100,
                         revokedAt: nil, lastUsedAt: nil, defaultRegion: .eu)
        XCTAssertTrue(key.isUsable(at: 99))
        XCTAssertFalse(key.isUsable(at: 100))
        let revoked = APIKey(id: "a", tenant: Tenant("acme")!, name: "", scopes: [.tokenize], createdAt: 0, expiresAt: nil,
                             revokedAt: 5, lastUsedAt: nil, defaultRegion: .eu)
        XCTAssertFalse(revoked.isUsable(at: 1))
    }

    func testAnExpiringKeyMadeWhileTheClockRanAheadIsExpiredOnceItStepsBack() {
        let day: Int64 = 86_400_000, created: Int64 = 10 * day
        let key = APIKey(id: "a", tenant: Tenant("acme")!, name: "", scopes: [.tokenize], createdAt: created,
                         expiresAt: created + day, revokedAt: nil, lastUsedAt: nil, defaultRegion: .eu)
        XCTAssertFalse(key.isUsable(at: created - day), "created a day ahead of the clock")
        XCTAssertTrue(key.isUsable(at: created - ClockSkew.toleranceMilliseconds), "within the tolerance")
        let forever = APIKey(id: "a", tenant: Tenant("acme")!, name: "", scopes: [.tokenize], createdAt: created,
                             expiresAt: nil, revokedAt: nil, lastUsedAt: nil, defaultRegion: .eu)
        XCTAssertTrue(forever.isUsable(at: created - day), "a key that never expires has no lifetime to outlive")
    }

    func testScopeLists() {
        XCTAssertEqual(Scope.parseList("tokenize, audit:read"), [.tokenize, .auditRead])
        XCTAssertNil(Scope.parseList("tokenize,admin"))
        XCTAssertNil(Scope.parseList(""))
        // The v2 API's OAuth scopes stand for ours.
        XCTAssertEqual(Scope.parseList("customer:profile:read"), [.profilesRead, .dataRead, .detokenize])
        XCTAssertEqual(Scope.parseList("customer:profile:write,audit:read"), [.profilesWrite, .dataWrite, .tokenize, .auditRead])
        XCTAssertNil(Scope.parseList("customer:profile:delete"))
    }
}
