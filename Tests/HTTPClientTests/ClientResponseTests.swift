import Foundation
@testable import HTTPClient
import HTTPTestSupport
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

/// A server that answers and then keeps the connection open, ignoring `Connection: close`: the client must
/// return as soon as the framed answer is in, not wait for its read timeout.
final class KeptOpenConnectionTests: XCTestCase {
    func testAFramedAnswerEndsTheExchangeWithoutTheServerClosing() throws {
        let (listener, port) = loopbackListener(backlog: 4)
        let answers = ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
                       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"]
        let done = DispatchSemaphore(value: 0)
        let server = Thread {
            for answer in answers {
                let fd = accept(listener, nil, nil)
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = recv(fd, &buffer, buffer.count, 0)
                _ = answer.withCString { send(fd, $0, strlen($0), 0) }
                done.wait()  // held open until the client has returned
                close(fd)
            }
        }
        server.start()
        defer { close(listener) }
        var configuration = HTTPClient.Configuration()
        configuration.ioTimeoutMilliseconds = 5_000
        for _ in answers {
            let start = Date()
            let response = try HTTPClient(configuration: configuration).send(method: "GET", url: ClientURL("http://127.0.0.1:\(port)/")!)
            XCTAssertEqual(response.body, Array("{}".utf8))
            XCTAssertLessThan(Date().timeIntervalSince(start), 2, "waited for the server to close")
            done.signal()
        }
    }
}

final class ClientResponseFramingTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// `parse` and `isComplete` read the framing the same way; the fuzzer found three ways they did not.
    func testFramingIsDecidedOnceForParsingAndCompleteness() throws {
        let unknownCoding = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n")
        XCTAssertFalse(ClientResponse.isComplete(unknownCoding), "not chunked: the body runs to the end")
        XCTAssertEqual(try ClientResponse.parse(unknownCoding).body, bytes("0\r\n\r\n"))
        let lastCodingWins = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        XCTAssertTrue(ClientResponse.isComplete(lastCodingWins))
        XCTAssertEqual(try ClientResponse.parse(lastCodingWins).body, bytes("{}"))
        let codingOverLength = bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        XCTAssertEqual(try ClientResponse.parse(codingOverLength).body, bytes("{}"))
        let disagreeing = bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x")
        XCTAssertThrowsError(try ClientResponse.parse(disagreeing))
        XCTAssertTrue(ClientResponse.isComplete(disagreeing), "malformed: reading on would not mend it")
        XCTAssertFalse(ClientResponse.isComplete(bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{}")))
    }
}
