import XCTest
@testable import JSONCore

final class JSONParserTests: XCTestCase {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    func testEveryKindRoundTripsExactly() throws {
        let documents = [
            #"{"s":"john.doe@example.org","n":42,"f":-1.50e+10,"t":true,"F":false,"z":null,"a":[1,[2,{}],[]],"o":{"k":"v"}}"#,
            #""just a string""#, "0", "-0.0", "123456789012345678901234567890", "1E400", "[]", "{}", "null",
            #""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00""#,
        ]
        for text in documents {
            let value = try parse(text)
            let again = try JSONParser.parse(value.serialized)
            XCTAssertEqual(value, again, text)
        }
        XCTAssertEqual(try parse("  {\"n\" : 1.0 }\n").serialized, Array(#"{"n":1.0}"#.utf8))
        XCTAssertEqual(try parse(#""\ud83d\ude00""#), .string("😀"))
        XCTAssertEqual(try parse(#"{"a":1,"b":2}"#).objectMembers?.map(\.key), ["a", "b"])
    }

    func testRejectsWhatRFC8259Rejects() {
        let invalid = ["", " ", "{", "[1,]", #"{"a":1,}"#, "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
                       #"{"a" 1}"#, #"{a:1}"#, "'x'", #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00x""#,
                       "\"a\u{01}b\"", "\"unterminated", "[1] [2]", "NaN", "Infinity", "[1 2]"]
        for text in invalid {
            XCTAssertThrowsError(try parse(text), "accepted \(text.debugDescription)")
        }
    }

    func testRejectsInvalidUTF8() {
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]))  // bad continuation
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]))  // encoded surrogate
        XCTAssertThrowsError(try JSONParser.parse([0x22, 0xFF, 0x22]))
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try parse(deep)) { error in
            XCTAssertTrue((error as? JSONError)?.reason.contains("nesting") ?? false)
        }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try parse(ok))
    }

    func testErrorsNameThePositionNotTheContent() {
        XCTAssertThrowsError(try parse(#"{"email":"secret@example.org",}"#)) { error in
            let text = String(describing: error)
            XCTAssertFalse(text.contains("secret"))
            XCTAssertTrue(text.contains("byte"))
        }
    }
}
