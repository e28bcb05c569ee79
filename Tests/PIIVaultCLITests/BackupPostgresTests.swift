import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import StoreTestSupport
import XCTest

/// docs/backup.md's procedure for a node whose stores are on PostgreSQL, run as written: `piivault backup`
/// copies what the node holds itself and names the stores it leaves to PostgreSQL; pg_basebackup copies the
/// running cluster with tokens in it; a second cluster started from that copy, and the node's data directory
/// restored beside it, read every token back through piivault; a data entry deleted after the base backup is
/// deleted again in the copy by restore, from the node's outside ledger.
final class BackupPostgresTests: XCTestCase {
    private var root = ""
    private let binary = ProcessInfo.processInfo.environment["PIIVAULT_BIN"]
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"

    override func setUpWithError() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        // Its own clusters: once per run, in the first pass.
        if TestStores.isPostgreSQL { throw XCTSkip("runs in the first pass") }
        _ = try TestStores.postgres()
        root = NSTemporaryDirectory() + "backup-pg-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func piivault(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(binary, arguments, timeout: 120)
    }

    func testABaseBackupOfTheClusterAndTheNodesBackupRestoreEveryToken() throws {
        let primary = try TestPostgres()
        let names = try (0..<3).map { _ in try primary.createDatabase() }
        func stores(_ server: TestPostgres) -> [String] {
            ["--store", "EU=\(server.conninfo(names[1])),US=\(server.conninfo(names[2]))", "--control-store", server.conninfo(names[0])]
        }
        let keys = ["--keys-dir", root + "/keys"]
        XCTAssertEqual(try piivault(["keys", "init"] + keys).status, 0)
        let node = ["--data-dir", root + "/node"] + keys
        XCTAssertEqual(try piivault(["tenant", "create", "acme", "--region", "EU"] + node + stores(primary)).status, 0)
        let created = try piivault(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize,detokenize,data:read,data:write"] + node + stores(primary))
        let headers = ["Authorization": "Bearer " + (created.output.split(separator: "\n").last.map(String.init) ?? ""),
                       "Tenant": "acme", "Content-Type": "application/json"]
        let outside = ["--deletion-ledger", root + "/outside.ledger"]
        var (server, port, _) = try startServer(binary, ["serve", "--port", "0", "--log-level", "warning"] + node + outside + stores(primary))
        var tokens: [String: String] = [:]
        for batch in 0..<4 {
            let data = Dictionary(uniqueKeysWithValues: (0..<25).map { ("k\($0)", "value-\(batch)-\($0)") })
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["data": data]), as: UTF8.self)
            let answer = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers, body: body)
            XCTAssertEqual(answer.status, 200, answer.text)
            for (key, token) in answer.tokens { tokens[token] = data[key] }
        }
        func upload() throws -> String {
            let answer = try httpRequest(port: port, path: "/v1/d/pii/data", headers: headers,
                                         body: #"{"content_type":"text/plain","content":"cGFzc3BvcnQ="}"#)
            return try XCTUnwrap(answer.json["id"] as? String, answer.text)
        }
        let (gone, kept) = (try upload(), try upload())
        server.terminate()
        server.waitUntilExit()

        let backup = try piivault(["backup", "--to", root + "/backup"] + node + stores(primary))
        XCTAssertEqual(backup.status, 0, backup.output)
        for store in ["control", "EU", "US"] {
            XCTAssertTrue(backup.output.contains("not copied: the \(store) store is on PostgreSQL; back it up with pg_basebackup"),
                          backup.output)
        }
        // The cluster, while it runs; then the original is lost.
        let copy = try TestPostgres(standbyOf: primary, standby: false)
        defer { try? copy.stop(mode: "immediate") }
        (server, port, _) = try startServer(binary, ["serve", "--port", "0", "--log-level", "warning"] + node + outside + stores(primary))
        XCTAssertEqual(try httpRequest(port: port, method: "DELETE", path: "/v1/d/pii/data/\(gone)", headers: headers).status, 204)
        server.terminate()
        server.waitUntilExit()
        try primary.stop(mode: "immediate")

        let local = try piivault(["restore", "--from", root + "/backup", "--data-dir", root + "/local"] + keys)
        XCTAssertEqual(local.status, 0, local.output)
        XCTAssertTrue(local.output.contains("not restored: the EU store was on PostgreSQL"), local.output)
        let restored = try piivault(["restore", "--from", root + "/backup", "--data-dir", root + "/node2", "--ledger", root + "/outside.ledger"]
                                    + keys + stores(copy))
        XCTAssertEqual(restored.status, 0, restored.output)
        XCTAssertTrue(restored.output.contains("1 re-applied"), restored.output)
        XCTAssertTrue(restored.output.contains("audit verify: EU:"), restored.output)
        let node2 = ["--data-dir", root + "/node2"] + keys
        (server, port, _) = try startServer(binary, ["serve", "--port", "0", "--log-level", "warning"] + node2 + stores(copy))
        defer { server.terminate(); server.waitUntilExit() }
        let all = Array(tokens.keys)
        var lost = 0
        for chunk in stride(from: 0, to: all.count, by: 25) {
            let slice = Array(all[chunk..<min(chunk + 25, all.count)])
            let asked = Dictionary(uniqueKeysWithValues: slice.enumerated().map { ("k\($0.offset)", $0.element) })
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["tokens": asked]), as: UTF8.self)
            let data = try httpRequest(port: port, path: "/v1/d/pii/detokenize", headers: headers, body: body).json["data"] as? [String: String]
            for (offset, token) in slice.enumerated() where data?["k\(offset)"] != tokens[token] { lost += 1 }
        }
        XCTAssertEqual(lost, 0, "\(tokens.count) tokens before the base backup, \(lost) not read back from its copy")
        XCTAssertEqual(try httpRequest(port: port, method: "GET", path: "/v1/d/pii/data/\(gone)", headers: headers).status, 404)
        XCTAssertEqual(try httpRequest(port: port, method: "GET", path: "/v1/d/pii/data/\(kept)", headers: headers).status, 200)
        let verify = try piivault(["audit", "verify"] + node2 + stores(copy))
        XCTAssertEqual(verify.status, 0, verify.output)
    }
}
