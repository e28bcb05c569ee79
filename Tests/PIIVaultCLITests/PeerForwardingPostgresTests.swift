import Foundation
import HTTPClient
import HTTPTestSupport
@testable import PIIVaultCLI
import StoreTestSupport
import TLS
import XCTest

/// Peers sharing one control store on PostgreSQL: the owning node looks the forwarded key up itself, so it
/// names the key as checked (not asserted) in its audit, and refuses a key its store does not hold.
final class PeerForwardingPostgresTests: XCTestCase {
    var root: String!
    var nodes: PeerNodes!
    var control = ""

    override func setUpWithError() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        guard PeerCertificates.isAvailable else { throw XCTSkip("openssl is not installed (.ci/run installs it)") }
        let server = try TestStores.postgres()
        let database = "peers_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try server.sql("CREATE DATABASE \(database)")
        control = "postgresql://vault@127.0.0.1:\(server.port)/\(database)"
        nodes = try PeerNodes.temporary("peers-pg")
        root = nodes.root
    }

    override func tearDown() {
        nodes?.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    func testTheOwningNodeChecksTheForwardedKeyInTheSharedStore() throws {
        try nodes.prepareShared(controlStore: control)
        try nodes.start(extra: ["EU": ["--control-store", control], "US": ["--control-store", control]])
        let tokens = try nodes.tokenize(nodes.eu, ["b": "bob@example.com"], region: "US")
        XCTAssertEqual(try nodes.detokenize(nodes.eu, tokens).data["b"] as? String, "bob@example.com")
        let records = try nodes.audit(nodes.us, ["--control-store", control]).filter { $0["chain"] as? String == "US" }
        let keyIDs = Set(records.compactMap { $0["key_id"] as? String })
        XCTAssertEqual(keyIDs.count, 1, "\(records)")
        XCTAssertTrue(keyIDs.first?.hasSuffix(" via peer eu-node") == true, "checked, not asserted: \(keyIDs)")

        // Revoked in the shared store: the US node refuses the key itself, whatever a node asserts for it.
        let keyID = String(try XCTUnwrap(keyIDs.first?.split(separator: " ").first))
        let revoked = try nodes.run(["apikey", "revoke", keyID, "--control-store", control, "--data-dir", root + "/EU-data",
                                     "--keys-dir", root + "/EU-keys"])
        XCTAssertEqual(revoked.status, 0, revoked.output)
        let forger = PeerClient(url: ClientURL("https://localhost:\(nodes.us.peerPort)")!,
                                credentials: try TLSPeerCredentials.load(keysDirectory: root + "/EU-keys"))
        let asserted = try forger.send(method: "POST", target: "/peer/v1/d/pii/detokenize",
                                       headers: [("Content-Type", "application/json"), ("Tenant", "acme"),
                                                 ("PIIVault-Forwarded-Key", keyID), ("PIIVault-Forwarded-Scopes", "detokenize")],
                                       body: Array(#"{"tokens":{"b":"\#(tokens["b"]!)"}}"#.utf8))
        XCTAssertEqual(asserted.status, 403, String(decoding: asserted.body, as: UTF8.self))

        // An EU node on a control store of its own: its key is not in the shared store, so the US node refuses
        // it (a peer's word counts only where the node cannot look).
        nodes.eu.process.terminate()
        nodes.eu.process.waitUntilExit()
        let eu = root + "/EU-data-own"
        XCTAssertEqual(try nodes.run(["tenant", "create", "acme", "--data-dir", eu, "--keys-dir", root + "/EU-keys"]).status, 0)
        let own = try nodes.run(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize,detokenize", "--name", "own",
                                 "--data-dir", eu, "--keys-dir", root + "/EU-keys"])
        nodes.secrets["EU"] = String(own.output.split(separator: "\n").last ?? "")
        nodes.eu = try nodes.start("EU", peerPort: freeLoopbackPort(), peer: "US=https://localhost:\(nodes.us.peerPort)",
                                   extra: [], dataDirectory: eu)
        XCTAssertEqual(try nodes.detokenize(nodes.eu, tokens).errors, ["b": "permission_denied_error"])
        let tokenized = try nodes.post(nodes.eu, "/v1/d/pii/tokenize", ["data": ["c": "x"]], headers: ["Residency-Region": "US"])
        XCTAssertEqual(tokenized.status, 403, tokenized.text)
    }
}
