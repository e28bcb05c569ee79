import XCTest
@testable import HTTPServer

final class ResponseEncoderTests: XCTestCase {
    private func encode(_ response: HTTPResponse, connection: ResponseEncoder.ConnectionField = .none,
                        omittingBody: Bool = false) -> String {
        var out: [UInt8] = []
        ResponseEncoder.encode(response, requestID: "r1", date: Array("D".utf8), connection: connection,
                               omittingBody: omittingBody, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testAnAnswerToHEADEndsAtItsHeadersWithTheGETsLength() {
        let head = encode(HTTPResponse(status: 404, body: Array("four".utf8)), omittingBody: true)
        XCTAssertTrue(head.hasPrefix("HTTP/1.1 404 Not Found\r\ncontent-length: 4\r\n"))
        XCTAssertTrue(head.hasSuffix("\r\n\r\n"), head)
        XCTAssertTrue(encode(HTTPResponse(status: 200, body: Array("four".utf8))).hasSuffix("\r\n\r\nfour"))
    }

    func testCacheControlIsNoStoreUnlessTheResponseHasItsOwn() {
        let plain = encode(HTTPResponse(status: 200, body: Array("x".utf8)))
        XCTAssertEqual(plain.components(separatedBy: "cache-control").count - 1, 1)
        XCTAssertTrue(plain.contains("\r\ncache-control: no-store\r\n"))
        let own = encode(HTTPResponse(status: 200, headers: HTTPHeaders([("Cache-Control", "max-age=5")])))
        XCTAssertEqual(own.components(separatedBy: "cache-control").count - 1, 1, own)
        XCTAssertTrue(own.contains("\r\ncache-control: max-age=5\r\n"))
    }

    func testConnectionField() {
        XCTAssertFalse(encode(HTTPResponse(status: 200)).contains("connection:"))
        XCTAssertTrue(encode(HTTPResponse(status: 200), connection: .close).contains("\r\nconnection: close\r\n"))
        XCTAssertTrue(encode(HTTPResponse(status: 200), connection: .keepAlive).contains("\r\nconnection: keep-alive\r\n"))
        let handlersOwn = HTTPResponse(status: 200, headers: HTTPHeaders([("connection", "upgrade")]))
        XCTAssertFalse(encode(handlersOwn).contains("upgrade"), "the server alone decides the connection's fate")
    }
}
