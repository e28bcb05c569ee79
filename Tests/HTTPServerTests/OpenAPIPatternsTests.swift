import Foundation
@testable import HTTPServer
import XCTest

/// The document's text patterns name exactly the characters the route modules refuse: Unicode's control
/// characters (Cc) everywhere, line feeds allowed in messages, and White_Space for "not blank".
final class OpenAPIPatternsTests: XCTestCase {
    /// As ECMA-262 reads an anchored pattern: ICU's `$` also matches before a final line break, so the match
    /// must cover the whole text.
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        return try NSRegularExpression(pattern: pattern).firstMatch(in: text, range: whole)?.range == whole
    }

    func testTheClassesAreUnicodesControlAndWhiteSpaceCharacters() throws {
        var lastSpecial: UInt32 = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let control = scalar.properties.generalCategory == .control
            if control || scalar.properties.isWhitespace { lastSpecial = value }
            guard value <= 0x3100 else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            XCTAssertEqual(try matches(OpenAPI.Pattern.oneLine, text), !control, "U+\(String(value, radix: 16))")
            XCTAssertEqual(try matches(OpenAPI.Pattern.multiline, text), !control || value == 0x0A, "U+\(String(value, radix: 16))")
            XCTAssertEqual(try matches(OpenAPI.Pattern.notBlank, String(Character(scalar))),
                           !control && !Character(scalar).isWhitespace, "U+\(String(value, radix: 16))")
        }
        XCTAssertLessThanOrEqual(lastSpecial, 0x3100, "every control and white-space character was compared")
    }

    func testPatternsAreAnchoredAndBase64IsPadded() throws {
        XCTAssertFalse(try matches(OpenAPI.Pattern.oneLine, "ok\n"))
        XCTAssertFalse(try matches(OpenAPI.Pattern.notBlank, " \u{3000}\t"))
        XCTAssertTrue(try matches(OpenAPI.Pattern.notBlank, " x "))
        for good in ["", "QQ==", "QUI=", "QUJD", "QR==", "QUK=", "+/+/", Data("any bytes at all".utf8).base64EncodedString()] {
            XCTAssertTrue(try matches(OpenAPI.Pattern.base64, good), good)
            XCTAssertNotNil(Data(base64Encoded: good), good)
        }
        for bad in ["Q", "QQ", "QQ=", "QUJD\n", "QU JD", "QUJD===", "QU=D"] {
            XCTAssertFalse(try matches(OpenAPI.Pattern.base64, bad), bad)
        }
    }
}
