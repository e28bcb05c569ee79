import XCTest
@testable import HTTPServer

/// The grammar itself; how `Host` and absolute-form targets use it is in RequestParserTests.
final class AuthorityTests: XCTestCase {
    func testAnEmptyHostIsNotAnAuthority() {
        for text in ["", ":", ":80", "[]", "[]:80"] { XCTAssertFalse(Authority.isValid(text), text) }
    }

    func testLiterals() {
        for text in ["[::]", "[1:2:3:4:5:6:7:8]", "[::1.2.3.4]", "[V1F.x:y]", "[v1.!$]"] {
            XCTAssertTrue(Authority.isValid(text), text)
        }
        for text in ["[1:2:3:4:5:6:7:8:9]", "[12345::]", "[::1.2.3.04]", "[::1.2.3]", "[v1.a,b]", "[v1.]", "[::1]]",
                     "[[::1]]"] {
            XCTAssertFalse(Authority.isValid(text), text)
        }
    }

    func testPorts() {
        for text in ["h:0", "h:65535", "h:"] { XCTAssertTrue(Authority.isValid(text), text) }
        for text in ["h:+1", "h: 1", "h:1.0", "h::1"] { XCTAssertFalse(Authority.isValid(text), text) }
    }
}
