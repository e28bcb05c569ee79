import Foundation
import HTTPTestSupport
import XCTest

/// Issue 17 from outside: two real nodes, EU and US, each holding only its own keyring, forwarding to each
/// other over mutual TLS with certificates made here.
final class PeerForwardingTests: XCTestCase {
    var root: String!
    var nodes: PeerNodes!

    override func setUpWithError() throws {
        guard PeerCertificates.isAvailable else { throw XCTSkip("openssl is not installed (.ci/run installs it)") }
        nodes = try PeerNodes.temporary("peers")
        root = nodes.root
    }

    override func tearDown() {
        nodes?.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    func testAMixedBatchIsAnsweredKeyByKeyOnEitherNodeAndAuditedOnBoth() throws {
        try nodes.prepare()
        try nodes.start()
        let eu = nodes.eu!, us = nodes.us!
        let local = try nodes.tokenize(eu, ["a": "ann@example.org"], region: "EU")
        // Stored by the US node, although asked of the EU node.
        let remote = try nodes.tokenize(eu, ["b": "bob@example.com", "n": 42], region: "US")
        XCTAssertTrue(remote["b"]?.hasPrefix("NS-US-") == true, "\(remote)")
        let unknownUS = "NS-US-01ARZ3NDEKTSV4RRFFQ69G5FAV-01ARZ3NDEKTSV4RRFFQ69G5FAV"
        let batch = ["a": local["a"]!, "b": remote["b"]!, "n": remote["n"]!, "gone": unknownUS, "junk": "not-a-token"]
        for node in [eu, us] {
            let (data, errors) = try nodes.detokenize(node, batch)
            XCTAssertEqual(data["a"] as? String, "ann@example.org")
            XCTAssertEqual(data["b"] as? String, "bob@example.com")
            XCTAssertEqual(data["n"] as? Int, 42)
            XCTAssertEqual(errors, ["gone": "token_not_found_error", "junk": "invalid_token_error"])
        }
        // The EU node's call reached the US node with a key only the EU node knows, so the US record of the
        // first batch says whose word it took; the EU node recorded that it forwarded.
        let usRecords = try nodes.audit(us).filter { $0["chain"] as? String == "US" }
        let reveal = try XCTUnwrap(usRecords.first { $0["operation"] as? String == "detokenize" })
        XCTAssertTrue((reveal["key_id"] as? String)?.hasSuffix("asserted by peer eu-node") == true, "\(reveal)")
        let euRecords = try nodes.audit(eu).filter { $0["chain"] as? String == "EU" }
        let forwards = euRecords.filter { $0["operation"] as? String == "forward.detokenize" }
        XCTAssertEqual(forwards.count, 1, "\(euRecords)")
        XCTAssertEqual(forwards.first?["outcome"] as? String, "US, 3 keys: answered 200, 2 revealed, 1 not")
        XCTAssertEqual(forwards.first?["records"] as? [String], [], "a forward record names no record")
        XCTAssertTrue(euRecords.contains { $0["operation"] as? String == "forward.tokenize" })
    }

    func testProfilesGoToTheRegionTheyAreAskedForAndAreReadThroughEitherNode() throws {
        try nodes.prepare()
        try nodes.start()
        let created = try nodes.post(nodes.eu, "/v1/d/pii/profiles", ["email": "carla@example.com", "full_name": "Carla Us"],
                                     headers: ["Residency-Region": "US"])
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"] as? String)
        XCTAssertTrue(id.hasPrefix("NS-US-"), id)
        let read = try httpRequest(port: nodes.eu.port, method: "GET", path: "/v1/d/pii/profiles/\(id)", headers: nodes.headers(nodes.eu))
        XCTAssertEqual(read.status, 200, read.text)
        XCTAssertEqual(read.json["full_name"] as? String, "Carla Us")
        let head = try httpRequest(port: nodes.eu.port, method: "HEAD", path: "/v1/d/pii/profiles/\(id)", headers: nodes.headers(nodes.eu))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["content-length"], read.headers["content-length"])
        XCTAssertEqual(head.body, [])
        let address = try nodes.post(nodes.eu, "/v1/d/pii/profiles/\(id)/addresses",
                                     ["full_name": "Carla Us", "address_line_1": "1 Main St", "city": "Austin",
                                      "zip_code": "73301", "country_code": "US"])
        XCTAssertEqual(address.status, 201, address.text)
        // The profile is in the US store only: a US-only node without the EU node's help finds it too.
        let direct = try httpRequest(port: nodes.us.port, method: "GET", path: "/v1/d/pii/profiles/\(id)", headers: nodes.headers(nodes.us))
        XCTAssertEqual(direct.status, 200, direct.text)
    }

    func testAPeerThatStallsOrDiesCostsOnlyItsOwnKeys() throws {
        try nodes.prepare()
        try nodes.start(extra: ["EU": ["--peer-timeout-ms", "700"]])
        let local = try nodes.tokenize(nodes.eu, ["a": "ann@example.org"], region: "EU")
        let remote = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        let batch = ["a": local["a"]!, "b": remote["b"]!]
        XCTAssertEqual(try nodes.detokenize(nodes.eu, batch).errors, [:], "a kept connection to warm up")

        // Stalled mid-call: the US node holds the connection and never answers.
        kill(nodes.us.process.processIdentifier, SIGSTOP)
        var started = Date()
        var (data, errors) = try nodes.detokenize(nodes.eu, batch)
        let stalled = Date().timeIntervalSince(started)
        XCTAssertEqual(data["a"] as? String, "ann@example.org")
        XCTAssertEqual(errors, ["b": "retryable_error"])
        XCTAssertGreaterThan(stalled, 0.6)
        XCTAssertLessThan(stalled, 3, "the peer timeout bounds the wait")
        let tokenized = try nodes.post(nodes.eu, "/v1/d/pii/tokenize", ["data": ["c": "x"]], headers: ["Residency-Region": "US"])
        XCTAssertEqual(tokenized.json["errors"] as? [String: String], ["c": "retryable_error"], tokenized.text)

        // Dead: refused at once.
        kill(nodes.us.process.processIdentifier, SIGKILL)
        nodes.us.process.waitUntilExit()
        started = Date()
        (data, errors) = try nodes.detokenize(nodes.eu, batch)
        XCTAssertEqual(data["a"] as? String, "ann@example.org")
        XCTAssertEqual(errors, ["b": "retryable_error"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        let profile = try httpRequest(port: nodes.eu.port, method: "GET", path: "/v1/d/pii/profiles/\(remote["b"]!)", headers: nodes.headers(nodes.eu))
        XCTAssertEqual(profile.status, 503, profile.text)
        XCTAssertNotNil(profile.headers["retry-after"])
    }

    func testOnlyAVerifiedPeerIsHeard() throws {
        try nodes.prepare()
        // The EU node presents a certificate of another CA: the US node refuses its calls, and it refuses US.
        try PeerCertificates(directory: root).issue("eu-node", ca: "stranger-ca", into: root + "/EU-keys")
        try nodes.start()
        let remote = try nodes.post(nodes.eu, "/v1/d/pii/tokenize", ["data": ["b": "bob@example.com"]], headers: ["Residency-Region": "US"])
        XCTAssertEqual(remote.json["errors"] as? [String: String], ["b": "retryable_error"], remote.text)

        // A forged forwarded call on the API port: there is no /peer route, and the forwarded headers are no key.
        let forged = ["Tenant": "acme", "Content-Type": "application/json", "PIIVault-Forwarded-Key": "0123456789abcdef",
                      "PIIVault-Forwarded-Scopes": "tokenize,detokenize"]
        let body = #"{"data":{"b":"x"}}"#
        XCTAssertEqual(try httpRequest(port: nodes.us.port, path: "/peer/v1/d/pii/tokenize", headers: forged, body: body).status, 404)
        XCTAssertEqual(try httpRequest(port: nodes.us.port, path: "/v1/d/pii/tokenize", headers: forged, body: body).status, 401)
        // The peer port without a client certificate, or without TLS: no HTTP answer at all.
        let plain = try TestConnection(port: nodes.us.peerPort, timeoutSeconds: 5)
        try plain.send("POST /peer/v1/d/pii/tokenize HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        XCTAssertThrowsError(try plain.readResponse())
        plain.close()
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") {
            let curl = try runProcess("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", root + "/US-keys/peer-ca.crt",
                                                        "-H", "Tenant: acme", "-H", "PIIVault-Forwarded-Key: 0123456789abcdef",
                                                        "-H", "Content-Type: application/json", "-d", body,
                                                        "https://localhost:\(nodes.us.peerPort)/peer/v1/d/pii/tokenize"], timeout: 20)
            XCTAssertNotEqual(curl.status, 0, "a client without a certificate gets no answer")
            XCTAssertEqual(curl.output, "000")
        }
        XCTAssertEqual(try nodes.audit(nodes.us).filter { $0["chain"] as? String == "US" }.count, 0, "nothing reached the US store")
    }

    func testTheForwardingNodeKeepsNothingOfTheDataItForwarded() throws {
        try nodes.prepare()
        try nodes.start(extra: ["EU": ["--log-level", "debug"]])
        let marker = "zq\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let tokens = try nodes.tokenize(nodes.eu, ["m": marker], region: "US")
        XCTAssertEqual(try nodes.detokenize(nodes.eu, tokens).data["m"] as? String, marker)
        let profile = try nodes.post(nodes.eu, "/v1/d/pii/profiles", ["email": marker, "full_name": "Zed Marker"], headers: ["Residency-Region": "US"])
        XCTAssertEqual(profile.status, 201, profile.text)
        nodes.eu.process.terminate()
        nodes.eu.process.waitUntilExit()
        let log = nodes.eu.stderr.fileHandleForReading.readDataToEndOfFile()
        // Every file the EU node has: its data directory (stores, WAL, anchors, ledger) and its keys directory.
        var scanned = 0
        for directory in [nodes.eu.dataDirectory, nodes.eu.keysDirectory] {
            for case let file as String in FileManager.default.enumerator(atPath: directory) ?? NSEnumerator() {
                guard let bytes = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
                scanned += 1
                XCTAssertNil(bytes.range(of: Data(marker.utf8)), "\(file) holds the US value")
                XCTAssertNil(bytes.range(of: Data("Zed Marker".utf8)), "\(file) holds the US name")
                XCTAssertNil(bytes.range(of: Data(tokens["m"]!.utf8)), "\(file) holds the US token")
            }
        }
        XCTAssertGreaterThan(scanned, 3)
        XCTAssertNil(log.range(of: Data(marker.utf8)), "the log holds the US value")
        XCTAssertNil(log.range(of: Data(tokens["m"]!.utf8)), "the log holds the token")
        // The check can fail: the US node's store does hold the value (sealed), and its id in the clear.
        let usFiles = try FileManager.default.contentsOfDirectory(atPath: nodes.us.dataDirectory)
        XCTAssertTrue(usFiles.contains("vault-us.sqlite"), "\(usFiles)")
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: nodes.eu.dataDirectory).contains { $0.hasPrefix("vault-us") })
    }

    func testATenantThatForbidsCrossRegionReadsGetsNoReveals() throws {
        try nodes.prepare(euTenantArguments: ["--no-cross-region-reads"])
        try nodes.start()
        let local = try nodes.tokenize(nodes.eu, ["a": "ann@example.org"], region: "EU")
        // Writes may still go to the other region: nothing comes back but a token.
        let remote = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        let (data, errors) = try nodes.detokenize(nodes.eu, ["a": local["a"]!, "b": remote["b"]!])
        XCTAssertEqual(data.keys.sorted(), ["a"])
        XCTAssertEqual(errors, ["b": "permission_denied_error"])
        let read = try httpRequest(port: nodes.eu.port, method: "GET", path: "/v1/d/pii/profiles/\(remote["b"]!)", headers: nodes.headers(nodes.eu))
        XCTAssertEqual(read.status, 403, read.text)
        let refusals = try nodes.audit(nodes.eu).filter { $0["outcome"] as? String == "US, 1 key: not forwarded: the tenant forbids cross-region reads" }
        XCTAssertEqual(refusals.map { $0["operation"] as? String }, ["forward.detokenize", "forward.profile.read"])
        XCTAssertFalse(try nodes.audit(nodes.us).contains { $0["operation"] as? String == "detokenize" }, "nothing was asked of US")
    }

    /// The owning node holds the line too: its own record of the tenant forbids what the forwarding node allows.
    func testTheOwningNodeRefusesRevealsItsTenantForbids() throws {
        try nodes.prepare(usTenantArguments: ["--no-cross-region-reads"])
        try nodes.start()
        let remote = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        XCTAssertEqual(try nodes.detokenize(nodes.eu, remote).errors, ["b": "permission_denied_error"])
    }
}
