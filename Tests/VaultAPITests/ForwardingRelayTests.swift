import HTTPClient
import JSONCore
@testable import VaultAPI
import XCTest

/// What a node relays of a peer's answer: the headers the vault's routes set, nothing else (a cookie, a cache
/// policy, CORS are not the vault's to send), and an error body naming this node's request id.
final class ForwardingRelayTests: XCTestCase {
    func testOnlyTheVaultsOwnHeadersAreRelayed() {
        let answer = ClientResponse(status: 201, headers: [("content-type", "application/json"), ("set-cookie", "a=b"),
                                                           ("cache-control", "public, max-age=600"), ("location", "https://evil.example"),
                                                           ("access-control-allow-origin", "*"), ("retry-after", "1"),
                                                           ("x-request-id", "theirs"), ("content-length", "2")],
                                    body: Array("{}".utf8))
        let relayed = Forwarding.relayed(answer, requestID: "ours")
        XCTAssertEqual(relayed.status, 201)
        XCTAssertEqual(relayed.headers["content-type"], "application/json")
        XCTAssertEqual(relayed.headers["retry-after"], "1")
        for dropped in ["set-cookie", "cache-control", "location", "access-control-allow-origin", "x-request-id", "content-length"] {
            XCTAssertNil(relayed.headers[dropped], dropped)
        }
        XCTAssertEqual(relayed.body, Array("{}".utf8), "a success body is relayed as it came")
    }

    func testAnErrorBodyNamesThisNodesRequestID() throws {
        let answer = ClientResponse(status: 413, headers: [("content-type", "application/problem+json")],
                                    body: Array(#"{"request_id":"","message":"request body larger than 1048576 bytes","status":413}"#.utf8))
        let body = try JSONParser.parse(Forwarding.relayed(answer, requestID: "ours").body)
        XCTAssertEqual(body["request_id"]?.stringValue, "ours")
        XCTAssertEqual(body["message"]?.stringValue, "request body larger than 1048576 bytes")
    }
}
