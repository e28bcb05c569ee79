import Foundation
import XCTest
@testable import Logging

final class LoggerTests: XCTestCase {
    func lines(_ body: (Logger) -> Void, minimum: Logger.Level = .info) throws -> [[String: Any]] {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let logger = Logger(minimum: minimum, fileDescriptor: fds[1])
        body(logger)
        logger.flush()
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testOneJSONObjectPerLineWithEscapedFields() throws {
        let out = try lines { logger in
            logger.info("request", ["request_id": .string("a\"b\\c\n"), "status": .int(200), "ok": .bool(true)])
        }
        XCTAssertEqual(out.count, 1)
        XCTAssertEqual(out[0]["msg"] as? String, "request")
        XCTAssertEqual(out[0]["level"] as? String, "info")
        XCTAssertEqual(out[0]["request_id"] as? String, "a\"b\\c\n")
        XCTAssertEqual(out[0]["status"] as? Int, 200)
        XCTAssertNotNil((out[0]["ts"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/))
    }

    func testLevelsFilterButAnnouncementsAlwaysShow() throws {
        let out = try lines({ logger in
            logger.info("dropped")
            logger.warning("kept")
            logger.announce("listening", ["port": .int(8080)])
        }, minimum: .warning)
        XCTAssertEqual(out.map { $0["msg"] as? String }, ["kept", "listening"])
    }

    func testRFC3339() {
        XCTAssertEqual(RFC3339.format(seconds: 0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(RFC3339.format(seconds: 1_795_420_436, milliseconds: 7), "2026-11-23T07:53:56.007Z")
        XCTAssertEqual(RFC3339.format(seconds: 951_782_400, milliseconds: 999), "2000-02-29T00:00:00.999Z")
        XCTAssertEqual(RFC3339.format(seconds: 253_402_300_799), "9999-12-31T23:59:59Z")
        XCTAssertEqual(RFC3339.format(seconds: 253_402_300_800), "10000-01-01T00:00:00Z")
        var bytes = Array("t=".utf8)
        RFC3339.append(seconds: 1_795_420_436, milliseconds: 120, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "t=2026-11-23T07:53:56.120Z")
    }
}
