import XCTest
@testable import HTTPServer

final class RequestParserTests: XCTestCase {
    func parse(_ text: String, limits: ServerConfiguration.Limits = .init()) -> RequestParser.Outcome {
        var parser = RequestParser(limits: limits)
        return Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
    }

    func status(_ text: String, limits: ServerConfiguration.Limits = .init()) -> Int? {
        if case .failure(let error) = parse(text, limits: limits) { return error.status }
        return nil
    }

    func testParsesAHead() throws {
        guard case .head(let head) = parse("POST /v1/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-A:  b \r\n\r\nhello") else {
            return XCTFail("expected a head")
        }
        XCTAssertEqual(head.method, "POST")
        XCTAssertEqual(head.target, "/v1/x?a=1")
        XCTAssertEqual(head.version, .http11)
        XCTAssertEqual(head.contentLength, 5)
        XCTAssertEqual(head.headers["x-a"], "b")
        XCTAssertEqual(head.byteCount, "POST /v1/x?a=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-A:  b \r\n\r\n".utf8.count)
    }

    func testIncompleteHeadNeedsMore() {
        guard case .needMore = parse("GET / HTTP/1.1\r\nHost: h\r\n") else { return XCTFail() }
    }

    func testSmugglingVectorsAreRefused() {
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nX-A: b\r\n c\r\n\r\n"), 400, "obsolete line folding")
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\nX-A: b\r\n\r\n"), 400, "bare LF")
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost : h\r\n\r\n"), 400, "space before colon")
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"), 411)
    }

    func testRequestLineRules() {
        XCTAssertEqual(status("GET / HTTP/1.1\r\n\r\n"), 400, "HTTP/1.1 needs Host")
        XCTAssertNil(status("GET / HTTP/1.0\r\n\r\n"))
        XCTAssertEqual(status("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505)
        XCTAssertEqual(status("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET ftp://x/ HTTP/1.1\r\nHost: h\r\n\r\n"), 400, "absolute-form of another scheme")
        XCTAssertEqual(status("GET * HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET /\u{7f} HTTP/1.1\r\nHost: h\r\n\r\n"), 400)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{01}b\r\n\r\n"), 400)
    }

    /// RFC 9110 `tchar`: every one of its symbols makes a field name, and a separator does not.
    func testFieldNamesAreTokens() {
        XCTAssertNil(status("GET / HTTP/1.1\r\nHost: h\r\nX!#$%&'*+-.^_`|~09az: v\r\n\r\n"))
        for separator in ["(", ")", ",", "/", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "{", "}", "\""] {
            XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: h\r\nX\(separator)Y: v\r\n\r\n"), 400, separator)
        }
    }

    func testHostMustBeAnAuthorityWithoutUserinfo() {
        let invalid = ["a:1, b.invalid", "a,b", "{", "user@host", "@host", "host/path", "host?q", "host#f", "h:80x", "h:-1",
                       ":80", "h:80:81", "[::1", "::1", "[::1]x", "[::1]:8o", "[zz::1]", "[1::2::3]", "[fe80::1%25eth0]",
                       "[v1]", "[v.x]", "[vg.x]", "h%4", "h%zz", "h\u{7f}", "h\u{e9}", "a b"]
        for host in invalid {
            XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n"), 400, host)
            XCTAssertEqual(status("GET / HTTP/1.0\r\nHost: \(host)\r\n\r\n"), 400, "HTTP/1.0 too: \(host)")
        }
        let valid = ["h", "H.example.ORG", "h:8080", "h:", "127.0.0.1:80", "[::1]", "[::1]:8080", "[2001:db8::7]",
                     "[::ffff:192.0.2.1]", "[v1.fe80::a+en1]", "xn--bcher-kva.example", "a_b-c~d", "%41b", "a!$&'()*+;=b", ""]
        for host in valid {
            XCTAssertNil(status("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n"), host)
        }
    }

    func testAbsoluteFormTargetsAreAccepted() throws {
        guard case .head(let head) = parse("GET http://example.org:8080/v1/x?a=1 HTTP/1.1\r\nHost: other\r\n\r\n") else {
            return XCTFail("expected a head")
        }
        XCTAssertEqual(head.target, "/v1/x?a=1")
        XCTAssertEqual(head.headers["host"], "example.org:8080", "the target's authority replaces Host")
        XCTAssertEqual(head.headers.values("host").count, 1)
        for (target, path) in [("HTTPS://h", "/"), ("hTtP://h?a=1", "/?a=1"), ("http://[::1]:80/a/b", "/a/b")] {
            guard case .head(let head) = parse("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n") else {
                XCTFail(target)
                continue
            }
            XCTAssertEqual(head.target, path, target)
        }
        guard case .head(let old) = parse("GET http://h/a HTTP/1.0\r\n\r\n") else { return XCTFail("HTTP/1.0 without Host") }
        XCTAssertEqual(old.headers["host"], "h")
        for target in ["http://", "http:///a", "http://user@h/", "http://a,b/", "http://h:x/", "http:/h/", "http:h/",
                       "mailto://h/", "http://{/"] {
            XCTAssertEqual(status("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n"), 400, target)
        }
        XCTAssertEqual(status("GET http://h/ HTTP/1.1\r\n\r\n"), 400, "HTTP/1.1 still needs Host")
        XCTAssertEqual(status("GET http://h/ HTTP/1.1\r\nHost: {\r\n\r\n"), 400, "and a valid one")
    }

    func testAbsoluteFormGetsThePathsBodyLimit() {
        var limits = ServerConfiguration.Limits()
        limits.maxBodyBytes = 10
        limits.largeBodies = [.init(method: "POST", pathPrefix: "/upload", maxBytes: 100)]
        XCTAssertNil(status("POST http://h/upload HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n", limits: limits))
        XCTAssertEqual(status("POST http://h/other HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n", limits: limits), 413)
    }

    func testLimits() {
        var limits = ServerConfiguration.Limits()
        limits.maxHeaderBytes = 200
        limits.maxRequestLineBytes = 100
        limits.maxBodyBytes = 10
        limits.maxHeaderCount = 3
        XCTAssertEqual(status("GET /" + String(repeating: "a", count: 150), limits: limits), 414)
        XCTAssertEqual(status("GET /" + String(repeating: "a", count: 300) + " HTTP/1.1\r\nHost: h\r\n\r\n", limits: limits), 414,
                       "a whole head over both limits: the request line is what is too long")
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 250), limits: limits), 431)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits), 431)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits), 413)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n"), 400)
    }

    func testTrickledInputIsScannedOnce() {
        var parser = RequestParser(limits: .init())
        let text = Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        var outcome: RequestParser.Outcome = .needMore
        for end in 1...text.count {
            outcome = Array(text[0..<end]).withUnsafeBufferPointer { parser.parse($0) }
            if end < text.count, case .head = outcome { return XCTFail("complete too early") }
        }
        guard case .head = outcome else { return XCTFail("expected a head") }
    }
}
