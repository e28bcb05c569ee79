import HTTPClient
import XCTest

final class ClientURLTests: XCTestCase {
    func testURLsSplitIntoWhereToConnectAndWhatToAsk() throws {
        let api = try XCTUnwrap(ClientURL("https://api.twilio.com"))
        XCTAssertEqual([api.host, String(api.port), api.target], ["api.twilio.com", "443", "/"])
        XCTAssertTrue(api.secure)
        let local = try XCTUnwrap(ClientURL("http://127.0.0.1:8081/base/"))
        XCTAssertEqual([local.host, String(local.port), local.target], ["127.0.0.1", "8081", "/base/"])
        XCTAssertTrue(local.isLoopback)
        XCTAssertEqual(local.appending("/v1/x?y=1"), "http://127.0.0.1:8081/base/v1/x?y=1")
        let v6 = try XCTUnwrap(ClientURL("http://[::1]:9000"))
        XCTAssertEqual(v6.host, "::1")
        XCTAssertEqual(v6.appending("/a"), "http://[::1]:9000/a")
        for bad in ["ftp://x", "https://", "https://u:p@host", "https://host:99999", "http://host:x", "https://a b", "//host",
                    "https://!::1x]:8443/", "http://[example.com]", "http://ho\rst/", "https://a_b.example"] {
            XCTAssertNil(ClientURL(bad), bad)
        }
        XCTAssertFalse(ClientURL("https://example.com")!.isLoopback)
        XCTAssertFalse(ClientURL("http://127.evil.example")!.isLoopback, "a name that only starts like loopback")
        XCTAssertTrue(ClientURL("http://127.0.0.2:80")!.isLoopback)
    }
}
