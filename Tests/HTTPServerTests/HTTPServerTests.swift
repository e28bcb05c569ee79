import Foundation
import HTTPTestSupport
import XCTest
@testable import HTTPServer

/// The server against real sockets on port 0.
final class HTTPServerTests: XCTestCase {
    func testKeepAliveAndPipeliningAnswerInOrder() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        // A slow response first, then fast ones, all sent at once: answers must keep request order.
        try c.send("GET /slow?ms=200 HTTP/1.1\r\nHost: h\r\n\r\n"
                   + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\none"
                   + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\ntwo")
        XCTAssertEqual(try c.readResponse().text, "slow 200")
        XCTAssertEqual(try c.readResponse().text, "one")
        XCTAssertEqual(try c.readResponse().text, "two")
        try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nagain")
        XCTAssertEqual(try c.readResponse().text, "again")
    }

    func testRoutingErrorsAndParameters() throws {
        let fixture = try ServerFixture()
        let missing = try httpRequest(port: fixture.port, method: "GET", path: "/nope")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.headers["content-type"], "application/problem+json")
        XCTAssertEqual(missing.json["request_id"] as? String, missing.headers["x-request-id"])
        XCTAssertNotNil(missing.json["message"])
        let wrongMethod = try httpRequest(port: fixture.port, method: "DELETE", path: "/echo")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.headers["allow"], "POST")
        XCTAssertEqual(try httpRequest(port: fixture.port, method: "GET", path: "/items/a%20b").text, "a b")
        let thrown = try httpRequest(port: fixture.port, method: "GET", path: "/fail")
        XCTAssertEqual(thrown.status, 409)
        XCTAssertEqual(thrown.json["message"] as? String, "conflict here")
    }

    func testRequestIDs() throws {
        let fixture = try ServerFixture()
        let given = try httpRequest(port: fixture.port, method: "GET", path: "/nope", headers: ["X-Request-Id": "trace-123.a_b"])
        XCTAssertEqual(given.headers["x-request-id"], "trace-123.a_b")
        XCTAssertEqual(given.json["request_id"] as? String, "trace-123.a_b")
        let odd = try httpRequest(port: fixture.port, method: "GET", path: "/nope", headers: ["X-Request-Id": "<script>"])
        XCTAssertNotEqual(odd.headers["x-request-id"], "<script>")
        XCTAssertEqual(odd.headers["x-request-id"]?.count, 32)
        XCTAssertTrue(odd.headers["x-request-id"]?.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } ?? false)
        let a = try httpRequest(port: fixture.port, method: "GET", path: "/nope").headers["x-request-id"]
        let b = try httpRequest(port: fixture.port, method: "GET", path: "/nope").headers["x-request-id"]
        XCTAssertNotEqual(a, b)
    }

    func testHugeContentLengthIsRefusedAtOnceAndClosed() throws {
        let fixture = try ServerFixture { $0.limits.maxBodyBytes = 1024 }
        let c = try TestConnection(port: fixture.port)
        try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000000\r\n\r\n")
        let response = try c.readResponse()
        XCTAssertEqual(response.status, 413)
        XCTAssertEqual(response.headers["connection"], "close")
        XCTAssertTrue(c.isClosedByServer())
    }

    func testMalformedRequestsGet4xxAndClose() throws {
        let fixture = try ServerFixture()
        let cases: [(String, Int)] = [
            ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 411),
            ("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
            ("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
            ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n", 400),
            ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: h\r\n" + String(repeating: "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", count: 600) + "\r\n", 431),
        ]
        for (request, expected) in cases {
            let c = try TestConnection(port: fixture.port)
            try c.send(request)
            let response = try c.readResponse()
            XCTAssertEqual(response.status, expected, String(request.prefix(60)))
            XCTAssertNotNil(response.json["request_id"])
            XCTAssertTrue(c.isClosedByServer(), "connection should close after \(expected)")
        }
    }

    func testRefusedBodyStillGetsItsAnswer() throws {
        // The client sends a body over the limit anyway: the 413 must reach it intact, not be lost to a
        // connection reset while the body is still arriving.
        let fixture = try ServerFixture { $0.limits.maxBodyBytes = 1024 }
        for _ in 0..<20 {
            let c = try TestConnection(port: fixture.port)
            try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3000000\r\n\r\n")
            try c.send([UInt8](repeating: 0x61, count: 3_000_000))
            XCTAssertEqual(try c.readResponse().status, 413)
        }
    }

    func testSmuggledSecondRequestIsNeverRead() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        // If the server honoured Content-Length here, the body would be a second request.
        try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
                   + "GET /items/smuggled HTTP/1.1\r\nHost: h\r\n\r\n")
        XCTAssertEqual(try c.readResponse().status, 400)
        XCTAssertTrue(c.isClosedByServer())
    }

    func testExpectContinue() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        usleep(100_000)
        try c.send("body")
        XCTAssertEqual(try c.readResponse().text, "body")
    }

    func testSlowHeadersTimeOutWith408() throws {
        let fixture = try ServerFixture { $0.limits.headerTimeoutMilliseconds = 300 }
        let c = try TestConnection(port: fixture.port)
        try c.send("GET / HTTP/1.1\r\nHost: h\r\n")
        let response = try c.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(c.isClosedByServer())
    }

    func testSlowBodyTimesOutWith408() throws {
        let fixture = try ServerFixture { $0.limits.bodyTimeoutMilliseconds = 300 }
        let c = try TestConnection(port: fixture.port)
        try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        XCTAssertEqual(try c.readResponse().status, 408)
    }

    func testIdleConnectionsAreClosed() throws {
        let fixture = try ServerFixture { $0.limits.idleTimeoutMilliseconds = 300 }
        let c = try TestConnection(port: fixture.port)
        try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx")
        XCTAssertEqual(try c.readResponse().status, 200)
        let start = Date()
        XCTAssertTrue(c.isClosedByServer())
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testConnectionLimitAnswers503() throws {
        let fixture = try ServerFixture { $0.limits.maxConnections = 2 }
        let a = try TestConnection(port: fixture.port)
        let b = try TestConnection(port: fixture.port)
        try a.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\na")
        try b.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nb")
        XCTAssertEqual(try a.readResponse().status, 200)
        XCTAssertEqual(try b.readResponse().status, 200)
        let c = try TestConnection(port: fixture.port)
        let refused = try c.readResponse()
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.headers["retry-after"], "1")
        XCTAssertTrue(c.isClosedByServer())
        // A connection that ends frees its slot (the server lingers until the client's EOF).
        try a.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nConnection: close\r\n\r\na")
        XCTAssertEqual(try a.readResponse().status, 200)
        XCTAssertTrue(a.isClosedByServer())
        a.close()
        usleep(100_000)
        let d = try TestConnection(port: fixture.port)
        try d.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nd")
        XCTAssertEqual(try d.readResponse().status, 200)
    }

    func testSlowClientsDoNotBlockOthers() throws {
        let fixture = try ServerFixture()
        var trickling: [TestConnection] = []
        for _ in 0..<200 {
            let c = try TestConnection(port: fixture.port)
            try c.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Len")
            trickling.append(c)
        }
        for _ in 0..<20 {
            let start = Date()
            let response = try httpRequest(port: fixture.port, path: "/echo", body: "ok")
            XCTAssertEqual(response.text, "ok")
            XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
        }
        XCTAssertEqual(trickling.count, 200)
    }

    func testShutdownFinishesInFlightRequests() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        try c.send("GET /slow?ms=300 HTTP/1.1\r\nHost: h\r\n\r\n")
        usleep(50_000)
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            fixture.server.shutdown()
            stopped.signal()
        }
        let response = try c.readResponse()
        XCTAssertEqual(response.text, "slow 300")
        XCTAssertEqual(response.headers["connection"], "close")
        XCTAssertEqual(stopped.wait(timeout: .now() + 5), .success)
        XCTAssertThrowsError(try TestConnection(port: fixture.port), "no longer listening")
    }

    func testHTTP10ClosesByDefault() throws {
        let fixture = try ServerFixture()
        let c = try TestConnection(port: fixture.port)
        try c.send("POST /echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi")
        XCTAssertEqual(try c.readResponse().text, "hi")
        XCTAssertTrue(c.isClosedByServer())
    }
}
