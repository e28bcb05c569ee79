import ISO3166
import XCTest

final class CountryCodeTests: XCTestCase {
    func testTheTableHoldsTheAssignedCodes() {
        XCTAssertEqual(CountryCode.assigned.count, 249)
        XCTAssertTrue(CountryCode.assigned.allSatisfy { $0.utf8.count == 2 && $0.allSatisfy(\.isUppercase) })
        for code in ["DE", "US", "GB", "FR", "JP", "AX", "SS", "ZW"] {
            XCTAssertEqual(CountryCode(code)?.code, code)
        }
        for code in ["de", "UK", "EU", "XX", "XK", "ZZ", "D", "DEU", ""] {
            XCTAssertNil(CountryCode(code), code)
        }
    }

    /// A string canonically equivalent to a code but not made of its two bytes (U+212A KELVIN SIGN is
    /// equivalent to K) is no code: Swift's == says "KE", the bytes say otherwise.
    func testOnlyTheTwoBytesOfACodeAreTheCode() {
        let kelvinKE = "\u{212A}E"
        XCTAssertEqual(kelvinKE, "KE")
        XCTAssertNil(CountryCode(kelvinKE))
    }

    func testCodesSortByTheirText() {
        XCTAssertEqual([CountryCode("US")!, CountryCode("AT")!, CountryCode("DE")!].sorted().map(\.description), ["AT", "DE", "US"])
    }
}
