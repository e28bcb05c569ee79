import XCTest
@testable import JSONCore

final class JSONValueTests: XCTestCase {
    /// JSON has one kind of number: a whole number is one however it is written, as JSON Schema's `integer`
    /// reads it; anything with a fraction, out of range or not a number is not.
    func testAWholeNumberIsOneHoweverItIsWritten() {
        let whole: [(String, Int)] = [("30", 30), ("30.0", 30), ("3e1", 30), ("300E-1", 30), ("1.000", 1), ("-0", 0),
                                      ("-0.0", 0), ("-12.50e1", -125), ("0e5", 0), ("9223372036854775807", Int.max),
                                      ("-9223372036854775808", Int.min), ("92233720368547758.07e2", Int.max)]
        for (text, value) in whole { XCTAssertEqual(JSONValue.number(text).integerValue, value, text) }
        for text in ["30.5", "3.651", "1e-1", "0.1e1e1", "9223372036854775808", "1e19", "1e400", "1e-400", "1e99999999999999999999"] {
            XCTAssertNil(JSONValue.number(text).integerValue, text)
        }
        XCTAssertNil(JSONValue.string("30").integerValue)
        XCTAssertNil(JSONValue.bool(true).integerValue)
    }
}
