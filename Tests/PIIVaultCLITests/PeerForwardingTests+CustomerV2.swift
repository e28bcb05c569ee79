import Foundation
import HTTPTestSupport
import XCTest

/// v2's one tokens route between two real nodes: a tokenize goes whole to the region asked for, a detokenize
/// key by key to the regions in its tokens, and a peer that is down costs its keys alone, in v2's shape.
extension PeerForwardingTests {
    func testV2TokensCrossToTheRegionAskedForAndReadBackThroughEitherNode() throws {
        try nodes.prepare()
        try nodes.start()
        let eu = nodes.eu!, us = nodes.us!
        let made = try nodes.post(eu, "/customer/tokens", ["data": ["b": "bob@example.com"]], headers: ["Residency-Region": "US"])
        XCTAssertEqual(made.status, 200, made.text)
        let remote = try XCTUnwrap((made.json["data"] as? [String: String])?["b"])
        XCTAssertTrue(remote.hasPrefix("NS-US-"), remote)
        let local = try nodes.tokenize(eu, ["a": "ann@example.org"], region: "EU")["a"]!
        for node in [eu, us] {
            let read = try nodes.post(node, "/customer/tokens?operation=detokenize", ["data": ["a": local, "b": remote]])
            XCTAssertEqual(read.json["data"] as? [String: String], ["a": "ann@example.org", "b": "bob@example.com"], read.text)
            XCTAssertEqual(read.json["errors"] as? [String: String], [:])
        }

        kill(us.process.processIdentifier, SIGKILL)
        us.process.waitUntilExit()
        let down = try nodes.post(eu, "/customer/tokens", ["data": ["c": "x"]], headers: ["Residency-Region": "US"])
        XCTAssertEqual(down.status, 200, down.text)
        XCTAssertEqual(down.json["errors"] as? [String: String], ["c": "retryable_error"])
        XCTAssertEqual(down.json["data"] as? [String: String], [:], "v2's member names, not v1's tokens")
        let read = try nodes.post(eu, "/customer/tokens?operation=detokenize", ["data": ["a": local, "b": remote]])
        XCTAssertEqual(read.json["data"] as? [String: String], ["a": "ann@example.org"])
        XCTAssertEqual(read.json["errors"] as? [String: String], ["b": "retryable_error"])
    }
}
