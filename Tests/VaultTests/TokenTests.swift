import XCTest
@testable import Vault

final class TokenTests: XCTestCase {
    let sample = "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608"

    func testParsesTheCanonicalForm() throws {
        let token = try Token.parse(sample)
        XCTAssertEqual(token.region, .eu)
        XCTAssertEqual(token.id.string, "01FXX4SCM7D4FCFJT8ZKD4JRV7")
        XCTAssertEqual(token.secret.string, "01FXX4SHNQQK1XDQHTZX6V6608")
        XCTAssertEqual(token.string, sample)
        XCTAssertEqual(try Token.parse(sample.replacingOccurrences(of: "NS-EU", with: "NS-US")).region, .us)
    }

    func testStrictness() {
        let malformed = [
            "", sample.lowercased(), "ns" + sample.dropFirst(2), sample + "0", String(sample.dropLast()),
            sample.replacingOccurrences(of: "-01FXX4SH", with: "_01FXX4SH"),
            "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-81FXX4SHNQQK1XDQHTZX6V6608",  // ULID overflow
            "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRVI-01FXX4SHNQQK1XDQHTZX6V6608",  // I is not Crockford
            "NS-Eu-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608",
            " NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V660",
        ]
        for text in malformed {
            XCTAssertThrowsError(try Token.parse(text), text) { error in
                XCTAssertEqual(error as? Token.ParseError, .malformed, text)
            }
        }
        XCTAssertThrowsError(try Token.parse(sample.replacingOccurrences(of: "NS-EU", with: "NS-XX"))) { error in
            XCTAssertEqual(error as? Token.ParseError, .unknownRegion)
        }
    }

    func testTenantNames() {
        for good in ["acme", "a", "0", "acme-eu-1", String(repeating: "a", count: 63)] { XCTAssertNotNil(Tenant(good), good) }
        for bad in ["", "-acme", "Acme", "acme_1", "acme.eu", String(repeating: "a", count: 64), "ümlaut"] {
            XCTAssertNil(Tenant(bad), bad)
        }
    }
}
