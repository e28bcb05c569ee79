import Foundation
import HTTPClient
import HTTPTestSupport
import TLS
import XCTest

/// What an outside tester broke in the first cut of the peer channel (/work/notes/tester17-findings.md).
extension PeerForwardingTests {
    /// A client of the US node's peer port holding the EU node's certificate: a forger with a CA-issued key.
    func forger() throws -> PeerClient {
        PeerClient(url: ClientURL("https://localhost:\(nodes.us.peerPort)")!,
                   credentials: try TLSPeerCredentials.load(keysDirectory: nodes.eu.keysDirectory))
    }

    /// F5: with the peer hung, 100 callers at once each wait about one peer timeout, not one per 32 ahead of them.
    func testAHungPeerCostsEachOfManyCallersOneTimeoutAtMost() throws {
        try nodes.prepare()
        try nodes.start(extra: ["EU": ["--peer-timeout-ms", "700", "--log-level", "error"]])
        let local = try nodes.tokenize(nodes.eu, ["a": "ann@example.org"], region: "EU")
        let remote = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        kill(nodes.us.process.processIdentifier, SIGSTOP)
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["tokens": ["a": local["a"]!, "b": remote["b"]!]]), as: UTF8.self)
        let waits = LockedList()
        let port = nodes.eu.port, headers = nodes.headers(nodes.eu)
        DispatchQueue.concurrentPerform(iterations: 100) { _ in
            let started = Date()
            let answer = try? httpRequest(port: port, path: "/v1/d/pii/detokenize", headers: headers, body: body)
            waits.append(Date().timeIntervalSince(started), answer?.json["errors"] as? [String: String] == ["b": "retryable_error"])
        }
        let (times, correct) = waits.values
        XCTAssertEqual(correct.filter { $0 }.count, 100, "every caller gets its EU key and retryable_error for the US one")
        XCTAssertLessThan(times.max() ?? 99, 2.0, "the slowest caller waited \(times.max() ?? 0) s for a 0.7 s peer timeout")
    }

    /// F2: a certificate holder's assertions are checked for form; F1: refusals of the listener carry a request id.
    func testForgedAssertionsAreRefusedForTheirFormAndRefusalsNameARequest() throws {
        try nodes.prepare()
        try nodes.start()
        let remote = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        let client = try forger()
        let body = Array(#"{"tokens":{"b":"\#(remote["b"]!)"}}"#.utf8)
        func call(_ headers: [(String, String)]) throws -> ClientResponse {
            try client.send(method: "POST", target: "/peer/v1/d/pii/detokenize",
                            headers: [("Content-Type", "application/json"), ("Tenant", "acme")] + headers, body: body)
        }
        let good = try call([("PIIVault-Forwarded-Key", "0123456789abcdef"), ("PIIVault-Forwarded-Scopes", "detokenize")])
        XCTAssertEqual(good.status, 200, "the channel trusts a verified node's word, as documented")
        for bad in [[("PIIVault-Forwarded-Key", #"operator"}, {"x":1"#), ("PIIVault-Forwarded-Scopes", "detokenize")],
                    [("PIIVault-Forwarded-Key", "0123456789abcdef"), ("PIIVault-Forwarded-Key", "fedcba9876543210"),
                     ("PIIVault-Forwarded-Scopes", "detokenize")],
                    [("PIIVault-Forwarded-Key", "0123456789abcdef"), ("PIIVault-Forwarded-Scopes", "detokenize,admin")],
                    [("PIIVault-Forwarded-Key", "0123456789abcdef")]] {
            let refused = try call(bad)
            XCTAssertEqual(refused.status, 400, "\(bad)")
        }
        XCTAssertFalse(try nodes.audit(nodes.us).contains { ($0["key_id"] as? String)?.contains("\"") == true }, "no forged key id on record")
        // A request the listener's parser refuses (a body over its limit) still names a request id.
        let huge = try client.send(method: "POST", target: "/peer/v1/d/pii/tokenize",
                                   headers: [("Content-Type", "application/json")], body: Array(repeating: 32, count: 2 << 20))
        XCTAssertEqual(huge.status, 413)
        let id = try XCTUnwrap(huge.header("x-request-id"))
        XCTAssertTrue(String(decoding: huge.body, as: UTF8.self).contains(#""request_id":"\#(id)""#))
    }

    /// F1 through a relay: the EU node takes bodies the US node refuses; the 413 it relays names the EU request id.
    func testARelayedRefusalNamesTheCallersRequestID() throws {
        try nodes.prepare()
        try nodes.start(extra: ["EU": ["--max-body-bytes", "4000000", "--max-value-bytes", "200000"]])
        var values: [String: String] = [:]
        for i in 0..<10 { values["k\(i)"] = String(repeating: "x", count: 150_000) }
        let answer = try nodes.post(nodes.eu, "/v1/d/pii/tokenize", ["data": values], headers: ["Residency-Region": "US"])
        XCTAssertEqual(answer.status, 413, answer.text)
        let id = try XCTUnwrap(answer.headers["x-request-id"])
        XCTAssertEqual(answer.json["request_id"] as? String, id)
        // The owning node logged its refusal under the same id (second outside tester, N2).
        nodes.us.process.terminate()
        nodes.us.process.waitUntilExit()
        let log = String(decoding: nodes.us.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(log.contains(#""msg":"peer request rejected","request_id":"\#(id)""#), log)
    }

    /// F3: an address id of another region than its profile's is not found, not misdirected.
    func testAnAddressOfAnotherRegionThanItsProfileIsNotFound() throws {
        try nodes.prepare()
        try nodes.start()
        let eu = try nodes.post(nodes.eu, "/v1/d/pii/profiles", ["email": "e@example.org", "full_name": "E U"], headers: ["Residency-Region": "EU"])
        let us = try nodes.post(nodes.eu, "/v1/d/pii/profiles", ["email": "u@example.com", "full_name": "U S"], headers: ["Residency-Region": "US"])
        let euID = try XCTUnwrap(eu.json["id"] as? String), usID = try XCTUnwrap(us.json["id"] as? String)
        let address = try nodes.post(nodes.eu, "/v1/d/pii/profiles/\(usID)/addresses",
                                     ["full_name": "U S", "address_line_1": "1 Main St", "city": "Austin", "zip_code": "73301", "country_code": "US"])
        let addressID = try XCTUnwrap(address.json["id"] as? String, address.text)
        for node in [nodes.eu!, nodes.us!] {
            let mixed = try httpRequest(port: node.port, method: "GET", path: "/v1/d/pii/profiles/\(euID)/addresses/\(addressID)",
                                        headers: nodes.headers(node))
            XCTAssertEqual(mixed.status, 404, "\(node.region): \(mixed.text)")
        }
    }

    /// F4: reads refused for a tenant that forbids cross-region reads leave a record, on either node.
    func testRefusedCrossRegionReadsAreAuditedWhereRefused() throws {
        try nodes.prepare(usTenantArguments: ["--no-cross-region-reads"])
        try nodes.start()
        let remote = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        XCTAssertEqual(try nodes.detokenize(nodes.eu, remote).errors, ["b": "permission_denied_error"])
        let records = try nodes.audit(nodes.us).filter { $0["outcome"] as? String == "permission denied: the tenant forbids cross-region reads" }
        XCTAssertEqual(records.map { $0["operation"] as? String }, ["detokenize"], "the owning node's refusal is on its chain")
    }

    /// F10: a write the owning node would refuse is refused here, and its values never leave.
    func testAnInvalidWriteIsRefusedBeforeItCrossesTheBorder() throws {
        try nodes.prepare()
        try nodes.start()
        for body in [#"{"data":{}}"#, #"{"data":{"a":"x","a":"y"}}"#, #"{"tokens":{"a":"x"}}"#] {
            let answer = try httpRequest(port: nodes.eu.port, path: "/v1/d/pii/tokenize",
                                         headers: nodes.headers(nodes.eu).merging(["Residency-Region": "US"]) { $1 }, body: body)
            XCTAssertEqual(answer.status, 400, body)
        }
        let profile = try nodes.post(nodes.eu, "/v1/d/pii/profiles", ["email": "not-an-email", "full_name": "X"], headers: ["Residency-Region": "US"])
        XCTAssertEqual(profile.status, 422, profile.text)
        XCTAssertFalse(try nodes.audit(nodes.eu).contains { ($0["operation"] as? String)?.hasPrefix("forward.") == true }, "nothing forwarded")
        XCTAssertFalse(try nodes.audit(nodes.us).contains { $0["chain"] as? String == "US" }, "nothing reached the US node")
        // Addresses and patches of a profile over there too (second outside tester, N7).
        let us = try nodes.post(nodes.eu, "/v1/d/pii/profiles", ["email": "u@example.com", "full_name": "U S"], headers: ["Residency-Region": "US"])
        let id = try XCTUnwrap(us.json["id"] as? String, us.text)
        let recorded = try nodes.audit(nodes.us).filter { $0["chain"] as? String == "US" }.count
        let address = try nodes.post(nodes.eu, "/v1/d/pii/profiles/\(id)/addresses",
                                     ["full_name": "U S", "address_line_1": "1 Main St", "city": "Austin", "zip_code": "73301", "country_code": "XX"])
        XCTAssertEqual(address.status, 422, address.text)
        let patch = try httpRequest(port: nodes.eu.port, method: "PATCH", path: "/v1/d/pii/profiles/\(id)", headers: nodes.headers(nodes.eu),
                                    body: "not json")
        XCTAssertEqual(patch.status, 400, patch.text)
        XCTAssertEqual(try nodes.audit(nodes.us).filter { $0["chain"] as? String == "US" }.count, recorded, "neither crossed")
        let forwards = try nodes.audit(nodes.eu).compactMap { $0["operation"] as? String }.filter { $0.hasPrefix("forward.") }
        XCTAssertEqual(forwards, ["forward.profile.get_or_create"], "only the profile went")
    }
}

/// Results gathered from concurrent callers.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [TimeInterval] = []
    private var flags: [Bool] = []
    func append(_ time: TimeInterval, _ flag: Bool) { lock.withLock { times.append(time); flags.append(flag) } }
    var values: ([TimeInterval], [Bool]) { lock.withLock { (times, flags) } }
}
