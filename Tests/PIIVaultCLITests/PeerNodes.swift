import Foundation
import HTTPTestSupport
import XCTest

/// Two `piivault serve` processes on loopback, EU and US, each with only its own region's keyring, its own
/// data and control store, and a certificate of one test CA; each names the other as its peer.
final class PeerNodes {
    struct Node {
        let region: String
        let process: Process
        let port: Int
        let peerPort: Int
        let dataDirectory: String
        let keysDirectory: String
        let stderr: Pipe
    }

    let root: String
    let binary: String
    var eu: Node!
    var us: Node!
    /// Each node's own key of the tenant (tokenize, detokenize, profiles:read/write), by region: a caller
    /// authenticates at the node it calls, and the other node never sees its secret.
    var secrets: [String: String] = [:]

    init(root: String, binary: String) {
        self.root = root
        self.binary = binary
    }

    /// Nodes in a fresh temporary directory, run by the `piivault` beside the test bundle (or PIIVAULT_BIN).
    static func temporary(_ prefix: String) throws -> PeerNodes {
        // Writes to a connection a node cut must fail, not kill the test process (serve ignores SIGPIPE too).
        signal(SIGPIPE, SIG_IGN)
        let root = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        return PeerNodes(root: root, binary: ProcessInfo.processInfo.environment["PIIVAULT_BIN"] ?? bundleDirectory + "/piivault")
    }

    func headers(_ node: Node) -> [String: String] {
        ["Tenant": "acme", "Content-Type": "application/json", "Authorization": "Bearer " + (secrets[node.region] ?? "")]
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(binary, arguments, timeout: 30)
    }

    /// Keys, certificates and tenants of both nodes; `usTenantArguments` are extra `tenant create` options
    /// on the US node only.
    func prepare(euTenantArguments: [String] = [], usTenantArguments: [String] = []) throws {
        let certificates = PeerCertificates(directory: root)
        for (region, other) in [("EU", "US"), ("US", "EU")] {
            let keys = root + "/\(region)-keys", data = root + "/\(region)-data"
            XCTAssertEqual(try run(["keys", "init", "--keys-dir", keys]).status, 0)
            try FileManager.default.removeItem(atPath: keys + "/\(other).keyring")
            try certificates.issue(region.lowercased() + "-node", into: keys)
            let extra = region == "EU" ? euTenantArguments : usTenantArguments
            let created = try run(["tenant", "create", "acme", "--data-dir", data, "--keys-dir", keys] + extra)
            XCTAssertEqual(created.status, 0, created.output)
            let key = try run(["apikey", "create", "--data-dir", data, "--keys-dir", keys, "--tenant", "acme",
                               "--scopes", "tokenize,detokenize,profiles:read,profiles:write", "--name", "peers"])
            XCTAssertEqual(key.status, 0, key.output)
            secrets[region] = String(key.output.split(separator: "\n").last ?? "")
        }
    }

    /// Keys and certificates of both nodes around one control store both use (`--control-store`): the same
    /// control keyring in both keys directories, one tenant and one key, known to both nodes.
    func prepareShared(controlStore: String) throws {
        let certificates = PeerCertificates(directory: root)
        let eu = root + "/EU-keys", us = root + "/US-keys"
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", eu]).status, 0)
        try FileManager.default.createDirectory(atPath: us, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: eu + "/US.keyring", toPath: us + "/US.keyring")
        try FileManager.default.copyItem(atPath: eu + "/control.keyring", toPath: us + "/control.keyring")
        try certificates.issue("eu-node", into: eu)
        try certificates.issue("us-node", into: us)
        let shared = ["--control-store", controlStore, "--data-dir", root + "/EU-data", "--keys-dir", eu]
        XCTAssertEqual(try run(["tenant", "create", "acme"] + shared).status, 0)
        let key = try run(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize,detokenize", "--name", "shared"] + shared)
        XCTAssertEqual(key.status, 0, key.output)
        secrets["EU"] = String(key.output.split(separator: "\n").last ?? "")
        secrets["US"] = secrets["EU"]
    }

    /// Starts both nodes; `extra` are more `serve` options per region.
    func start(extra: [String: [String]] = [:]) throws {
        let euPeer = freeLoopbackPort(), usPeer = freeLoopbackPort()
        eu = try start("EU", peerPort: euPeer, peer: "US=https://localhost:\(usPeer)", extra: extra["EU"] ?? [])
        us = try start("US", peerPort: usPeer, peer: "EU=https://localhost:\(euPeer)", extra: extra["US"] ?? [])
    }

    func start(_ region: String, peerPort: Int, peer: String, extra: [String], dataDirectory: String? = nil) throws -> Node {
        let data = dataDirectory ?? root + "/\(region)-data", keys = root + "/\(region)-keys"
        let (process, port, stderr) = try startServer(binary, ["serve", "--port", "0", "--data-dir", data, "--keys-dir", keys,
                                                               "--regions", region, "--peer", peer,
                                                               "--peer-listen", "127.0.0.1:\(peerPort)"] + extra)
        return Node(region: region, process: process, port: port, peerPort: peerPort, dataDirectory: data, keysDirectory: keys,
                    stderr: stderr)
    }

    func stop() {
        for node in [eu, us].compactMap({ $0 }) where node.process.isRunning {
            kill(node.process.processIdentifier, SIGCONT)
            node.process.terminate()
            node.process.waitUntilExit()
        }
    }

    func post(_ node: Node, _ path: String, _ body: Any, headers extra: [String: String] = [:]) throws -> TestResponse {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try httpRequest(port: node.port, path: path, headers: headers(node).merging(extra) { $1 }, body: text)
    }

    func tokenize(_ node: Node, _ values: [String: Any], region: String) throws -> [String: String] {
        let response = try post(node, "/v1/d/pii/tokenize", ["data": values], headers: ["Residency-Region": region])
        XCTAssertEqual(response.status, 200, response.text)
        return response.json["tokens"] as? [String: String] ?? [:]
    }

    func detokenize(_ node: Node, _ tokens: [String: String]) throws -> (data: [String: Any], errors: [String: String]) {
        let response = try post(node, "/v1/d/pii/detokenize", ["tokens": tokens])
        XCTAssertEqual(response.status, 200, response.text)
        return (response.json["data"] as? [String: Any] ?? [:], response.json["errors"] as? [String: String] ?? [:])
    }

    /// The audit records of a node's data directory (offline, as an operator reads them).
    func audit(_ node: Node, _ extra: [String] = []) throws -> [[String: Any]] {
        let tail = try run(["audit", "tail", "--data-dir", node.dataDirectory, "--keys-dir", node.keysDirectory, "-n", "200"] + extra)
        XCTAssertEqual(tail.status, 0, tail.output)
        return tail.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
