import XCTest
@testable import HTTPServer

/// The forms themselves; the parser's use of them (Host, body limits) is in RequestParserTests.
final class RequestTargetTests: XCTestCase {
    private func target(_ text: String) throws(HTTPError) -> RequestTarget { try RequestTarget(Array(text.utf8)) }

    func testOriginFormIsKeptAsSent() throws {
        let origin = try target("/a/%2F/b?x=http://h/")
        XCTAssertEqual(origin.pathAndQuery, "/a/%2F/b?x=http://h/")
        XCTAssertNil(origin.authority)
    }

    func testAbsoluteFormIsSplit() throws {
        let absolute = try target("Https://Example.ORG:8443/a?b=c/d")
        XCTAssertEqual(absolute.authority, "Example.ORG:8443")
        XCTAssertEqual(absolute.pathAndQuery, "/a?b=c/d")
        XCTAssertEqual(try target("http://h").pathAndQuery, "/")
    }

    func testOtherFormsAndBadAuthoritiesSayWhichRuleBroke() {
        for text in ["*", "h:443", "httpx://h/", "http:/h"] {
            XCTAssertThrowsError(try target(text), text) { error in
                XCTAssertEqual((error as? HTTPError)?.message, "request target must be an absolute path or an http(s) URI")
            }
        }
        for text in ["http://", "http://u@h/", "https://h:p/"] {
            XCTAssertThrowsError(try target(text), text) { error in
                XCTAssertEqual((error as? HTTPError)?.message, "invalid authority in the request target")
            }
        }
    }
}
