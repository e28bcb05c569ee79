import XCTest
@testable import JSONCore

final class JSONWriterTests: XCTestCase {
    func testEscapesControlQuotesAndBackslashes() throws {
        var writer = JSONWriter()
        writer.writeString("a\"b\\c\n\u{01}é😀")
        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), #""a\"b\\c\n\u0001é😀""#)
        XCTAssertEqual(try JSONParser.parse(writer.bytes), .string("a\"b\\c\n\u{01}é😀"))
    }

    func testRawAndIntegers() {
        var writer = JSONWriter()
        writer.append("{\"n\":")
        writer.writeInteger(-12)
        writer.append(",\"r\":")
        writer.appendRaw(Array("[true]".utf8))
        writer.append("}")
        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), #"{"n":-12,"r":[true]}"#)
    }
}
