import Foundation
import XCTest
@testable import Logging

final class LogFormatTests: XCTestCase {
    func testTextLinesCarryTheSameFieldsAndQuoteWhatCouldBeMisread() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let logger = Logger(minimum: .info, fileDescriptor: fds[1])
        logger.format = .text
        logger.info("request", ["path": .string("/healthz"), "status": .int(200), "ok": .bool(true),
                                "agent": .string("curl 8\nforged=1"), "empty": .string(""), "eq": .string("a=b")])
        logger.flush()
        close(fds[1])
        let text = String(decoding: FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "one line and its newline: \(text)")
        XCTAssertNotNil(lines[0].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info request path=\/healthz status=200 ok=true agent="curl 8\\nforged=1" empty="" eq="a=b"/), text)
    }
}
