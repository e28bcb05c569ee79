import ISO3166
import XCTest

final class CountryCodeTests: XCTestCase {
    func testTheTableHoldsTheAssignedCodes() {
        XCTAssertEqual(CountryCode.assigned.count, 249)
        XCTAssertTrue(CountryCode.assigned.allSatisfy { $0.utf8.count == 2 && $0.allSatisfy(\.isUppercase) })
        for code in ["DE", "US", "GB", "FR", "JP", "AX", "SS", "ZW"] {
            XCTAssertEqual(CountryCode(code)?.code, code)
            XCTAssertTrue(CountryCode.isAssigned(code), code)
        }
        for code in ["de", "UK", "EU", "XX", "XK", "ZZ", "D", "DEU", ""] {
            XCTAssertNil(CountryCode(code), code)
            XCTAssertFalse(CountryCode.isAssigned(code), code)
        }
    }

    /// The two checks differ on a string canonically equivalent to a code but not made of its two bytes
    /// (U+212A KELVIN SIGN is equivalent to K): the vault's address rules accept it, as they always have;
    /// the Clienteling API does not.
    func testInitTakesOnlyTheTwoBytesWhileIsAssignedComparesAsSwiftStringsDo() {
        let kelvinKE = "\u{212A}E"
        XCTAssertEqual(kelvinKE, "KE")
        XCTAssertTrue(CountryCode.isAssigned(kelvinKE))
        XCTAssertNil(CountryCode(kelvinKE))
    }

    func testCodesSortByTheirText() {
        XCTAssertEqual([CountryCode("US")!, CountryCode("AT")!, CountryCode("DE")!].sorted().map(\.description), ["AT", "DE", "US"])
    }
}
