import VaultCrypto
import XCTest
@testable import Vault

final class BlindIndexTests: XCTestCase {
    let index = BlindIndex(key: try! HMACKey(SymmetricKey(copying: [UInt8](repeating: 7, count: 32))))
    let other = BlindIndex(key: try! HMACKey(SymmetricKey(copying: [UInt8](repeating: 8, count: 32))))
    let acme = Tenant("acme")!, globex = Tenant("globex")!

    func testEmailIndexIgnoresCaseAndDependsOnKeyAndTenant() throws {
        let a = try index.email("John.Doe@Example.org", tenant: acme)
        XCTAssertEqual(a.count, 16)
        XCTAssertEqual(a, try index.email("john.doe@example.ORG", tenant: acme))
        XCTAssertNotEqual(a, try index.email("john.doe@example.org", tenant: globex))
        XCTAssertNotEqual(a, try other.email("john.doe@example.org", tenant: acme))
        XCTAssertNotEqual(a, try index.email("jane.doe@example.org", tenant: acme))
    }

    func testGramsAreSixteenBitBucketsPerFieldAndTenant() throws {
        let fields = ProfileFields(email: "ab@cd.ef", fullName: "Abc", phoneNumber: "+1234")
        let grams = try index.grams(of: fields, tenant: acme)
        // e-mail "ab@cd.ef" has 6 trigrams, "abc" 1, phone digits "1234" 2; buckets may coincide, rarely.
        XCTAssertGreaterThanOrEqual(grams.count, 8)
        XCTAssertLessThanOrEqual(grams.count, 9)
        for gram in grams {
            XCTAssertTrue((1...3).contains(gram >> 16))
            XCTAssertLessThan(gram & 0xFFFF, 65_536)
        }
        XCTAssertEqual(grams.filter { $0 >> 16 == SearchField.fullName.rawValue }.count, 1)
        XCTAssertNotEqual(grams, try index.grams(of: fields, tenant: globex))
        XCTAssertEqual(try index.grams(of: ProfileFields(email: "x@y.z", fullName: "AB"), tenant: acme)
                           .filter { $0 >> 16 == SearchField.fullName.rawValue }, [], "shorter than a trigram")
    }

    func testAQueryFindsItsTextsGramsAndTheConfirmationIsExact() throws {
        let fields = ProfileFields(email: "maria.gomez@example.org", fullName: "María Gómez", phoneNumber: "+4930901820")
        let stored = try index.grams(of: fields, tenant: acme)
        for (field, query) in [(SearchField.email, "GOMEZ@"), (.fullName, "ía gó"), (.phoneNumber, "(30) 90")] {
            let normalized = try XCTUnwrap(field.normalizedQuery(query), query)
            let wanted = try index.grams(of: normalized, field: field, tenant: acme)
            XCTAssertTrue(wanted.isSubset(of: stored), query)
            XCTAssertTrue(field.matches(normalized, in: fields), query)
        }
        XCTAssertFalse(SearchField.fullName.matches(SearchField.fullName.normalizedQuery("gomez")!, in: fields),
                       "accents count: the match is exact after lower-casing")
        XCTAssertNil(SearchField.phoneNumber.normalizedQuery("maria"), "letters never search phone numbers")
        XCTAssertNil(SearchField.email.normalizedQuery("ab"), "too short")
    }

    func testAddressFingerprintIsExactAndBoundToTheProfile() throws {
        let address = AddressFields(fullName: "A", addressLine1: "1 Road", zipCode: "1000", city: "Town", countryCode: "BE")
        let profile = ULID(high: 1, low: 2), another = ULID(high: 1, low: 3)
        let print = try index.fingerprint(of: address, tenant: acme, profile: profile)
        XCTAssertEqual(print, try index.fingerprint(of: address, tenant: acme, profile: profile))
        XCTAssertNotEqual(print, try index.fingerprint(of: address, tenant: acme, profile: another))
        var moved = address
        moved.addressLine2 = ""
        XCTAssertNotEqual(print, try index.fingerprint(of: moved, tenant: acme, profile: profile), "empty is not absent")
    }
}
