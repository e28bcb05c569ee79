@testable import HTTPClient
import XCTest

final class ClientResponseTests: XCTestCase {
    private func parse(_ text: String) throws -> ClientResponse { try ClientResponse.parse(Array(text.utf8)) }

    func testBodiesAreFramedByLengthChunksOrTheEnd() throws {
        let sized = try parse("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}trailing")
        XCTAssertEqual(sized.status, 201)
        XCTAssertEqual(sized.header("content-type"), "application/json")
        XCTAssertEqual(sized.body, Array("{}".utf8))
        let chunked = try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n")
        XCTAssertEqual(String(decoding: chunked.body, as: UTF8.self), "Wikipedia")
        let untilClose = try parse("HTTP/1.0 200 ok\r\n\r\nall of it")
        XCTAssertEqual(String(decoding: untilClose.body, as: UTF8.self), "all of it")
    }

    func testMalformedAnswersAreRefused() {
        for bad in ["", "HTTP/1.1 200 OK\r\n", "SMTP 220 hi\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nabc\r\n"] {
            XCTAssertThrowsError(try parse(bad), bad) { XCTAssertEqual($0 as? HTTPClientError, .malformedResponse) }
        }
    }
}
