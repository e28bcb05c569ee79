import Foundation
import HTTPTestSupport
import XCTest
@testable import HTTPServer

/// RFC 9110/9112 conformance on real sockets (issue 13): HEAD, Host, absolute-form targets, and the headers
/// every answer carries.
final class HTTPConformanceTests: XCTestCase {
    func testHEADIsServedLikeGETWithoutABodyAndKeepsThePipelineInStep() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        // A synchronous route, an asynchronous one, then a pipelined GET that must parse right after.
        try c.send("HEAD /items/abc HTTP/1.1\r\nHost: h\r\n\r\n"
                   + "HEAD /slow?ms=50 HTTP/1.1\r\nHost: h\r\n\r\n"
                   + "GET /items/next HTTP/1.1\r\nHost: h\r\n\r\n")
        let head = try c.readResponse(toHEAD: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["content-length"], "3", "the length the GET would have")
        let slow = try c.readResponse(toHEAD: true)
        XCTAssertEqual(slow.status, 200)
        XCTAssertEqual(slow.headers["content-length"], "7")
        let next = try c.readResponse()
        XCTAssertEqual(next.status, 200)
        XCTAssertEqual(next.text, "next")
    }

    func testHEADErrorAnswersEndAtTheirHeaders() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        try c.send("HEAD /nope HTTP/1.1\r\nHost: h\r\n\r\n"
                   + "HEAD /echo HTTP/1.1\r\nHost: h\r\n\r\n"
                   + "HEAD /fail HTTP/1.1\r\nHost: h\r\n\r\n"
                   + "GET /items/after HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(try c.readResponse(toHEAD: true).status, 404)
        let notAllowed = try c.readResponse(toHEAD: true)
        XCTAssertEqual(notAllowed.status, 405)
        XCTAssertEqual(notAllowed.headers["allow"], "POST")
        XCTAssertEqual(try c.readResponse(toHEAD: true).status, 409)
        XCTAssertEqual(try c.readResponse().text, "after")
    }

    func testHEADRefusedByTheServerItselfHasNoBody() throws {
        let fixture = try ServerFixture {
            $0.limits.maxBodyBytes = 10
            $0.limits.bodyTimeoutMilliseconds = 300
        }
        // Refused while parsing the head, and timed out while waiting for a body: headers, then the close.
        for (request, status) in [("HEAD /items/a HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", 413),
                                  ("HEAD /items/a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nab", 408)] {
            let c = try TestConnection(port: fixture.port)
            try c.send(request)
            XCTAssertEqual(try c.readResponse(toHEAD: true).status, status)
            XCTAssertTrue(c.isClosedByServer())
            XCTAssertEqual(c.unreadByteCount, 0, "no body after the headers of \(status)")
        }
    }

    func testAllowListsHEADWhereverGETIsAllowed() throws {
        let fixture = try ServerFixture()
        let response = try httpRequest(port: fixture.port, method: "DELETE", path: "/items/a")
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.headers["allow"], "GET, HEAD")
    }

    func testInvalidHostIs400AndCloses() throws {
        let fixture = try ServerFixture()
        for host in ["a:1, b.invalid", "{", "user@host", "host/path", "a,b", "h:80x", "[::1", "[zz::1]:80"] {
            let c = try TestConnection(port: fixture.port)
            try c.send("GET /items/a HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            let response = try c.readResponse()
            XCTAssertEqual(response.status, 400, host)
            XCTAssertEqual(response.json["message"] as? String, "invalid Host header", "never the value sent")
            XCTAssertTrue(c.isClosedByServer(), host)
        }
        for host in ["localhost:8080", "127.0.0.1", "[::1]:8080", "xn--bcher-kva.example", ""] {
            let c = try TestConnection(port: fixture.port)
            try c.send("GET /items/a HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            XCTAssertEqual(try c.readResponse().status, 200, host)
        }
    }

    func testAbsoluteFormTargetsAreRoutedByTheirPath() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        try c.send("GET http://localhost:8080/items/abs HTTP/1.1\r\nHost: other\r\n\r\n"
                   + "GET HTTPS://localhost/slow?ms=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(try c.readResponse().text, "abs")
        XCTAssertEqual(try c.readResponse().text, "slow 1")
        let refused = try TestConnection(port: fixture.port)
        try refused.send("GET http://user@localhost/items/a HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(try refused.readResponse().status, 400)
        XCTAssertTrue(refused.isClosedByServer())
    }

    /// What a second connection gets from a server that takes one, while the first is open.
    private func answerOverTheConnectionLimit() throws -> TestResponse {
        let fixture = try ServerFixture { $0.limits.maxConnections = 1 }
        let a = try TestConnection(port: fixture.port)
        try a.send("GET /items/a HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(try a.readResponse().status, 200)
        return try TestConnection(port: fixture.port).readResponse()
    }

    func testConnectionLimit503CarriesARequestID() throws {
        let refused = try answerOverTheConnectionLimit()
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
        let refused = try answerOverTheConnectionLimit()
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
