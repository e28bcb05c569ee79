import Foundation
import HTTPTestSupport
import XCTest
@testable import HTTPServer

/// RFC 9110/9112 conformance on real sockets (issue 13): HEAD, Host, absolute-form targets, and the headers
/// every answer carries.
final class HTTPConformanceTests: XCTestCase {
    func testConnectionLimit503CarriesARequestID() throws {
        let fixture = try ServerFixture { $0.limits.maxConnections = 1 }
        let a = try TestConnection(port: fixture.port)
        try a.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\na")
        XCTAssertEqual(try a.readResponse().status, 200)
        let refused = try TestConnection(port: fixture.port).readResponse()
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.headers["x-request-id"]?.count, 32)
        XCTAssertEqual(refused.json["request_id"] as? String, refused.headers["x-request-id"])
    }

    func testEveryAnswerIsNoStoreUnlessTheHandlerSaysOtherwise() throws {
        let fixture = try ServerFixture { $0.limits.maxBodyBytes = 10 }
        for (method, path) in [("GET", "/items/a"), ("GET", "/nope"), ("DELETE", "/echo"), ("GET", "/fail"),
                               ("GET", "/slow?ms=1")] {
            let response = try httpRequest(port: fixture.port, method: method, path: path)
            XCTAssertEqual(response.headers["cache-control"], "no-store", "\(method) \(path)")
        }
        XCTAssertEqual(try httpRequest(port: fixture.port, method: "GET", path: "/cacheable").headers["cache-control"],
                       "max-age=60")
        for request in ["GET / HTTP/1.1\r\n\r\n", "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n",
                        "GET / HTTP/1.1\r\nHost: h\r\n" + String(repeating: "X-Pad: aaaaaaaaaaaaaaaa\r\n", count: 1000)] {
            let c = try TestConnection(port: fixture.port)
            try c.send(request)
            XCTAssertEqual(try c.readResponse().headers["cache-control"], "no-store", String(request.prefix(30)))
        }
    }

    func testConnectionLimit503IsNoStore() throws {
        let fixture = try ServerFixture { $0.limits.maxConnections = 1 }
        let a = try TestConnection(port: fixture.port)
        try a.send("GET /items/a HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(try a.readResponse().status, 200)
        let refused = try TestConnection(port: fixture.port).readResponse()
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.headers["cache-control"], "no-store")
    }

    func testTimeoutAnswerIsNoStore() throws {
        let fixture = try ServerFixture { $0.limits.headerTimeoutMilliseconds = 300 }
        let c = try TestConnection(port: fixture.port)
        try c.send("GET / HTTP/1.1\r\nHost: h\r\n")
        let response = try c.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertEqual(response.headers["cache-control"], "no-store")
    }

    func testHTTP10KeepAliveIsAnnounced() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        try c.send("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi")
        let first = try c.readResponse()
        XCTAssertEqual(first.text, "hi")
        XCTAssertEqual(first.headers["connection"], "keep-alive")
        try c.send("POST /echo HTTP/1.0\r\nContent-Length: 3\r\n\r\nbye")
        let last = try c.readResponse()
        XCTAssertEqual(last.text, "bye")
        XCTAssertEqual(last.headers["connection"], "close")
        XCTAssertTrue(c.isClosedByServer())
    }
}
