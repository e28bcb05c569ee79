import JSONCore
import XCTest
@testable import Vault

final class FieldRulesTests: XCTestCase {
    func testEmails() {
        for good in ["a@b.co", "john.doe+tag@example.org", "o'neil@example.ie", "x_y-z@sub.example.co.uk",
                     "müller@beispiel.de", "user@xn--bcher-kva.example"] {
            XCTAssertNoThrow(try FieldRules.email(good), good)
        }
        for bad in ["", "plain", "@example.org", "a@", "a@b", "a@@b.co", "a b@example.org", "a@exa mple.org", ".a@b.co",
                    "a.@b.co", "a..b@c.co", "a@-b.co", "a@b-.co", "a@b..co", "a@b.co\n", String(repeating: "a", count: 65) + "@b.co",
                    "a@" + String(repeating: "b", count: 64) + ".co", "\"quoted\"@example.org"] {
            XCTAssertThrowsError(try FieldRules.email(bad), bad) { error in
                XCTAssertEqual((error as? FieldError)?.field, "email")
            }
        }
    }

    /// The rule the OpenAPI document's text patterns state: control characters (Unicode's Cc) are refused
    /// anywhere, and a required field needs a character that is not white space.
    func testTextRefusesExactlyTheControlCharacters() {
        for value in UInt32(0)...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let control = scalar.properties.generalCategory == .control
            XCTAssertEqual((try? FieldRules.text("a" + String(Character(scalar)) + "b", field: "f")) == nil, control,
                           "U+\(String(value, radix: 16))")
            XCTAssertEqual((try? FieldRules.text(String(Character(scalar)), field: "f", required: true)) == nil,
                           control || scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }

    func testE164() {
        for good in ["+14155550123", "+4930123456", "+12", "+123456789012345"] {
            XCTAssertNoThrow(try FieldRules.e164(good, field: "phone_number"), good)
        }
        for bad in ["14155550123", "+0123456", "+1", "+1234567890123456", "+1 415 555", "+1-415", "+１２３"] {
            XCTAssertThrowsError(try FieldRules.e164(bad, field: "phone_number"), bad)
        }
        XCTAssertNoThrow(try FieldRules.e164(nil, field: "phone_number"))
    }

    func testCountryCodesAreTheAssignedOnes() {
        for good in ["DE", "US", "GB", "FR", "JP", "AX", "SS"] { XCTAssertNoThrow(try FieldRules.countryCode(good), good) }
        for bad in ["de", "UK", "EU", "XX", "ZZ", "D", "DEU", "", "\u{212A}E"] { XCTAssertThrowsError(try FieldRules.countryCode(bad), bad) }
    }

    func testTextLimitsAndControlCharacters() {
        XCTAssertNoThrow(try FieldRules.text(String(repeating: "é", count: 256), field: "full_name"))
        XCTAssertThrowsError(try FieldRules.text(String(repeating: "é", count: 257), field: "full_name"))
        XCTAssertThrowsError(try FieldRules.text("a\u{0}b", field: "full_name"))
        XCTAssertThrowsError(try FieldRules.text(nil, field: "city", required: true))
        XCTAssertThrowsError(try FieldRules.text("  ", field: "city", required: true))
        // JSON Schema's maxLength counts code points: 20 characters to Swift, 40 code points (schemathesis found it).
        let combined = String(repeating: "e\u{301}", count: 20)
        XCTAssertEqual(combined.count, 20)
        XCTAssertThrowsError(try FieldRules.text(combined, field: "zip_code", maxLength: 32))
        XCTAssertNoThrow(try FieldRules.text(String(repeating: "🏻", count: 32), field: "zip_code", maxLength: 32))
    }

    func testExtendedAttributes() {
        func attribute(_ name: String, _ type: String, _ value: JSONValue) -> ExtendedAttribute {
            ExtendedAttribute(name: name, dataType: type, value: value)
        }
        XCTAssertNoThrow(try FieldRules.extendedAttributes([attribute("loyalty_id", "string", .string("0123")),
                                                            attribute("points", "integer", .number("12")),
                                                            attribute("vip", "boolean", .bool(true)),
                                                            attribute("prefs", "json", .array([.string("x")]))]))
        XCTAssertThrowsError(try FieldRules.extendedAttributes((0...20).map { attribute("k\($0)", "string", .string("v")) }))
        XCTAssertThrowsError(try FieldRules.extendedAttributes([attribute("n", "number", .string("12"))]))
        XCTAssertThrowsError(try FieldRules.extendedAttributes([attribute("b", "boolean", .number("1"))]))
        XCTAssertThrowsError(try FieldRules.extendedAttributes([attribute("", "string", .string("v"))]))
        XCTAssertThrowsError(try FieldRules.extendedAttributes([attribute("x", "", .string("v"))]))
        XCTAssertThrowsError(try FieldRules.extendedAttributes([attribute("big", "string", .string(String(repeating: "v", count: 4_096)))]))
    }
}
