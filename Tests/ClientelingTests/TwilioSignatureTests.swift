@testable import Clienteling
import Foundation
import VaultCrypto
import XCTest

/// Twilio's request signature, checked against the example of Twilio's own documentation ("Webhooks
/// security": auth token 12345), and against what a change to any part of the request does to it.
final class TwilioSignatureTests: XCTestCase {
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    let parameters = [("To", "+18005551212"), ("From", "+12349013030"), ("Digits", "1234"), ("Caller", "+12349013030"),
                      ("CallSid", "CA1234567890ABCDE")]

    private func signature(_ url: String, _ parameters: [(String, String)]) throws -> String {
        let mac = try HMACSHA1.authenticate(TwilioSignature.payload(url: url, parameters: parameters),
                                            key: SecureBytes(copying: Array("12345".utf8)))
        return Data(mac).base64EncodedString()
    }

    func testTwiliosDocumentedExample() throws {
        XCTAssertEqual(try signature(url, parameters), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        XCTAssertEqual(try signature(url, parameters.reversed()), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", "sorted by name, whatever the order sent")
    }

    func testEveryPartIsCovered() throws {
        let good = try signature(url, parameters)
        XCTAssertNotEqual(try signature("https://mycompany.com/myapp.php?foo=1&bar=3", parameters), good)
        XCTAssertNotEqual(try signature("http://mycompany.com/myapp.php?foo=1&bar=2", parameters), good)
        XCTAssertNotEqual(try signature(url, parameters.dropLast()), good)
        XCTAssertNotEqual(try signature(url, parameters + [("Body", "")]), try signature(url, parameters + [("Body", "x")]))
        XCTAssertNotEqual(try signature(url, [("To", "+18005551212")] + parameters.dropFirst() + [("Digits", "5")]), good)
    }

    func testKeywordsAreTwiliosTrimmedAndCaseInsensitive() {
        for word in ["YES", "yes", " Start\n", "START"] { XCTAssertEqual(OptInKeyword(body: word), .optIn, word) }
        for word in ["STOP", "stopall", " Unsubscribe ", "cancel", "End", "QUIT"] { XCTAssertEqual(OptInKeyword(body: word), .optOut, word) }
        for word in ["", "yes please", "STOP!", "no", "unstop", "S T O P"] { XCTAssertNil(OptInKeyword(body: word), word) }
    }
}
