import XCTest
@testable import JSONCore

final class JSONWriterTests: XCTestCase {
    /// Strings of every awkward kind, escapes at the start, middle and end, read back as written.
    func testStringsRoundTripThroughTheParser() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", " ", "é", "😀", "/", "\u{7F}", "xyz"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var writer = JSONWriter()
            writer.writeString(text)
            XCTAssertEqual(try JSONParser.parse(writer.bytes).stringValue, text)
        }
    }

    func testEscapesControlQuotesAndBackslashes() throws {
        var writer = JSONWriter()
        writer.writeString("a\"b\\c\n\u{01}é😀")
        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), #""a\"b\\c\n\u0001é😀""#)
        XCTAssertEqual(try JSONParser.parse(writer.bytes), .string("a\"b\\c\n\u{01}é😀"))
    }

    func testALiteralIsEscapedLikeAnyString() throws {
        var writer = JSONWriter()
        let literal: StaticString = "say \"hi\"\n"
        writer.writeString(literal)
        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), #""say \"hi\"\n""#)
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
