import VaultCrypto
import XCTest
@testable import Vault

final class RecordIdentityTests: XCTestCase {
    let identity = RecordIdentity(region: .eu, key: try! HMACKey(SymmetricKey(copying: [UInt8](repeating: 9, count: 32))))
    let acme = Tenant("acme")!, globex = Tenant("globex")!
    let id = ULID(high: 0x0123_4567_89AB_CDEF, low: 0x1122_3344_5566_7788)

    func testDerivedIdsTellTheirKindAndOnlyToTheirTenant() throws {
        let profile = try identity.token(for: id, kind: .profile, tenant: acme)
        let address = try identity.token(for: id, kind: .address, tenant: acme)
        XCTAssertEqual(profile.id, id)
        XCTAssertEqual(profile.secret.timestamp, id.timestamp)
        XCTAssertNotEqual(profile.secret, address.secret)
        XCTAssertEqual(try identity.kind(of: profile, tenant: acme), .profile)
        XCTAssertEqual(try identity.kind(of: address, tenant: acme), .address)
        XCTAssertEqual(try identity.kind(of: profile, tenant: globex), .value, "another tenant's id is nothing special")
        XCTAssertEqual(try identity.token(for: id, kind: .profile, tenant: acme), profile, "deterministic")
        let random = Token(region: .eu, id: id, secret: ULID(high: 5, low: 6))
        XCTAssertEqual(try identity.kind(of: random, tenant: acme), .value)
        let otherRegion = RecordIdentity(region: .us, key: identity.key)
        XCTAssertNotEqual(try otherRegion.token(for: id, kind: .profile, tenant: acme).secret, profile.secret)
    }

    func testDisplayIDsUseTheirRegionsShareOfTheAlphabet() throws {
        var firstEU = Set<Character>(), firstUS = Set<Character>()
        for _ in 0..<400 {
            let eu = try DisplayID.random(region: .eu), us = try DisplayID.random(region: .us)
            XCTAssertNotNil(eu.wholeMatch(of: /[0-9A-HJKMNP-TV-Z]{6}/))
            XCTAssertEqual(DisplayID.candidate(eu.lowercased()), eu)
            firstEU.insert(eu.first!)
            firstUS.insert(us.first!)
        }
        XCTAssertTrue(firstEU.isDisjoint(with: firstUS))
        XCTAssertNil(DisplayID.candidate("ABCDE"))
        XCTAssertNil(DisplayID.candidate("ABCDEI"), "I is not in the alphabet")
    }
}
