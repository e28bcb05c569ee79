import Foundation
import Locking
import HTTPTestSupport
import VaultStore
import XCTest

/// An attacker who can write the data directory (not the keys) removes audit records: a whole chain, its
/// tail, or the whole database swapped for an older copy. Each is reported by `audit verify` naming the
/// chain, and `serve` refuses to continue such a chain.
extension ProcessTests {
    private var dirs: [String] { ["--data-dir", root + "/data", "--keys-dir", root + "/keys"] }

    /// A vault whose region, control and set-up chains all hold records, anchored by a server that stopped.
    @discardableResult
    private func populatedVault(extra: [String] = []) throws -> [String: String] {
        let headers = try prepare()
        let created = try run(["apikey", "create", "--tenant", "acme", "--scopes", "setup:write"] + dirs + extra)
        var setupHeaders = headers
        setupHeaders["Authorization"] = "Bearer " + String(created.output.split(separator: "\n").last ?? "")
        let (server, port, _) = try serve(["--log-level", "warning"] + extra)
        for index in 0..<3 {
            _ = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                body: #"{"data":{"e":"anchor\#(index)@example.org"}}"#)
        }
        let store = try httpRequest(port: port, method: "PUT", path: "/setup/stores/s1", headers: setupHeaders,
                                    body: #"{"name":"Anchor Store","country_code":"DE","landline":"+493012345678"}"#)
        XCTAssertLessThan(store.status, 300, store.text)
        server.terminate()
        server.waitUntilExit()
        let verify = try run(["audit", "verify"] + dirs + extra)
        XCTAssertEqual(verify.status, 0, verify.output)
        XCTAssertTrue(verify.output.contains("setup: 1 records"), verify.output)
        return headers
    }

    private func file(_ chain: String) -> String {
        root + "/data/" + ["EU": "vault-eu.sqlite", "control": "control.sqlite", "setup": "clienteling.sqlite"][chain]!
    }

    func testAWipedChainFailsVerifyAndServeRefusesToRestartIt() throws {
        try populatedVault()
        for chain in ["EU", "control", "setup"] {
            let saved = try Data(contentsOf: URL(fileURLWithPath: file(chain)))
            try Database(path: file(chain)).execute("DELETE FROM audit")
            let verify = try run(["audit", "verify"] + dirs)
            XCTAssertEqual(verify.status, 1, "\(chain): \(verify.output)")
            XCTAssertTrue(verify.output.contains("\(chain): BROKEN") && verify.output.contains("records were removed"),
                          "\(chain): \(verify.output)")
            let serve = try run(["serve", "--port", "0"] + dirs)
            XCTAssertEqual(serve.status, 1, "\(chain): \(serve.output)")
            XCTAssertTrue(serve.output.contains("the \(chain) audit chain ends at record 0"), "\(chain): \(serve.output)")
            try saved.write(to: URL(fileURLWithPath: file(chain)))
            try? FileManager.default.removeItem(atPath: file(chain) + "-wal")
        }
        let verify = try run(["audit", "verify"] + dirs)
        XCTAssertEqual(verify.status, 0, verify.output)
    }

    func testACutTailAndAnOlderCopyOfTheDatabaseAreDetected() throws {
        let headers = try populatedVault()
        let old = try Data(contentsOf: URL(fileURLWithPath: file("EU")))
        let (server, port, _) = try serve(["--log-level", "warning"])
        _ = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers, body: #"{"data":{"e":"later@example.org"}}"#)
        server.terminate()
        server.waitUntilExit()
        // The tail cut, head row and all: what is left links up perfectly.
        let current = try Data(contentsOf: URL(fileURLWithPath: file("EU")))
        try Database(path: file("EU")).execute("DELETE FROM audit WHERE seq >= 3")
        let cut = try run(["audit", "verify"] + dirs)
        XCTAssertEqual(cut.status, 1, cut.output)
        XCTAssertTrue(cut.output.contains("EU: BROKEN"), cut.output)
        // An older copy of the database, intact in itself.
        try old.write(to: URL(fileURLWithPath: file("EU")))
        try? FileManager.default.removeItem(atPath: file("EU") + "-wal")
        let rolledBack = try run(["audit", "verify"] + dirs)
        XCTAssertEqual(rolledBack.status, 1, rolledBack.output)
        XCTAssertTrue(rolledBack.output.contains("EU: BROKEN at record 4") && rolledBack.output.contains("ends at record 3"),
                      rolledBack.output)
        XCTAssertEqual(try run(["serve", "--port", "0"] + dirs).status, 1, "no server continues a rolled-back chain")
        XCTAssertEqual(try run(["sweep"] + dirs).status, 1, "nor does the sweeper")
        try current.write(to: URL(fileURLWithPath: file("EU")))
        XCTAssertEqual(try run(["audit", "verify"] + dirs).status, 0)
    }

    /// With write access to the data directory alone, rolling back database and anchor file together hides
    /// from the local anchor; an anchor file kept elsewhere still tells.
    func testAnAnchorOutsideTheDataDirectoryCatchesAWholeDirectoryRollback() throws {
        let outside = ["--audit-anchor", root + "/elsewhere.anchors"]
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        XCTAssertEqual(try run(["tenant", "create", "early"] + dirs + outside).status, 0)
        try FileManager.default.copyItem(atPath: root + "/data", toPath: root + "/data-copy")
        try populatedVault(extra: outside)
        try FileManager.default.removeItem(atPath: root + "/data")
        try FileManager.default.moveItem(atPath: root + "/data-copy", toPath: root + "/data")
        XCTAssertEqual(try run(["audit", "verify"] + dirs).status, 0, "the local anchor was rolled back with the data")
        let verify = try run(["audit", "verify"] + dirs + outside)
        XCTAssertEqual(verify.status, 1, verify.output)
        XCTAssertTrue(verify.output.contains("control: BROKEN") && verify.output.contains("EU: BROKEN: its database is missing"),
                      verify.output)
        XCTAssertEqual(try run(["serve", "--port", "0"] + dirs + outside).status, 1)
    }

    /// `audit verify` next to a server that keeps appending: never a false alarm.
    func testVerifyWhileTheServerWritesFindsEveryChainIntact() throws {
        let headers = try prepare()
        let (server, port, _) = try serve(["--log-level", "warning"])
        defer { server.terminate(); server.waitUntilExit() }
        let stop = Locked(false)
        let writers = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: writers) {
                while !stop.withLock({ $0 }) {
                    _ = try? httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                         body: #"{"data":{"a":"load@example.org","b":"x"}}"#)
                }
            }
        }
        defer { stop.withLock { $0 = true }; writers.wait() }
        usleep(300_000)
        for round in 0..<6 {
            let verify = try run(["audit", "verify"] + dirs)
            XCTAssertEqual(verify.status, 0, "round \(round): \(verify.output)")
        }
    }

    /// A vault that existed before its outside file: a quiet server start anchors every chain there, so a
    /// later rollback of the whole directory (undoing a key's revocation, say) is still caught.
    func testAQuietStartAnchorsEveryChainInANewOutsideFile() throws {
        try populatedVault()
        let outside = ["--audit-anchor", root + "/later.anchors"]
        let (server, _, _) = try serve(["--log-level", "warning"] + outside)
        server.terminate()
        server.waitUntilExit()
        let lines = (try? String(contentsOfFile: root + "/later.anchors", encoding: .utf8)) ?? ""
        for chain in ["control", "EU", "US", "setup"] {
            XCTAssertTrue(lines.contains("anchor1 \(chain) "), "\(chain) missing from:\n\(lines)")
        }
        try FileManager.default.copyItem(atPath: root + "/data", toPath: root + "/data-copy")
        XCTAssertEqual(try run(["tenant", "create", "later"] + dirs + outside).status, 0)
        try FileManager.default.removeItem(atPath: root + "/data")
        try FileManager.default.moveItem(atPath: root + "/data-copy", toPath: root + "/data")
        let verify = try run(["audit", "verify"] + dirs + outside)
        XCTAssertEqual(verify.status, 1, verify.output)
        XCTAssertTrue(verify.output.contains("control: BROKEN"), verify.output)
        // A mistyped outside file is said, not taken for "nothing anchored there".
        let typo = try run(["audit", "verify"] + dirs + ["--audit-anchor", root + "/latre.anchors"])
        XCTAssertEqual(typo.status, 1, typo.output)
        XCTAssertTrue(typo.output.contains("latre.anchors does not exist"), typo.output)
    }

    /// A region's file copied over another region's is named as such, not reported as altered records.
    func testAnotherRegionsFileUnderARegionsNameIsNamedNotCalledAltered() throws {
        let headers = try populatedVault()
        let (server, port, _) = try serve(["--log-level", "warning"])
        var usHeaders = headers
        usHeaders["Residency-Region"] = "US"
        XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: usHeaders, body: #"{"data":{"e":"us"}}"#).status, 200)
        server.terminate()
        server.waitUntilExit()
        try FileManager.default.removeItem(atPath: file("EU"))
        try FileManager.default.copyItem(atPath: root + "/data/vault-us.sqlite", toPath: file("EU"))
        let verify = try run(["audit", "verify"] + dirs)
        XCTAssertEqual(verify.status, 1, verify.output)
        XCTAssertTrue(verify.output.contains("EU: cannot verify: \(file("EU")) holds region US, not region EU"), verify.output)
        XCTAssertFalse(verify.output.contains("altered"), verify.output)
    }
}
