import Foundation
import HTTPTestSupport
import XCTest

/// Listing what a vault holds, in columns that stay columns, and rotating a keyring only on purpose.
extension ProcessTests {
    private var dirs: [String] { ["--data-dir", root + "/data", "--keys-dir", root + "/keys"] }

    /// Each header word starts where every row's cell of that column starts.
    private func assertAligned(_ output: String, columns: [String], file: StaticString = #filePath, line: UInt = #line) {
        let lines = output.split(separator: "\n").map(String.init)
        guard let header = lines.first else { return XCTFail("no output", file: file, line: line) }
        let starts = columns.map { header.range(of: $0).map { header.distance(from: header.startIndex, to: $0.lowerBound) } ?? -1 }
        guard !starts.contains(-1) else { return XCTFail("header is not \(columns): \(header)", file: file, line: line) }
        for row in lines.dropFirst() {
            for (column, start) in zip(columns, starts).dropFirst() {
                let before = row.prefix(start)
                let at = row.dropFirst(start)
                XCTAssertTrue(before.hasSuffix("  ") && at.first != " ",
                              "column \(column) does not start at \(start) in:\n\(output)", file: file, line: line)
            }
        }
    }

    func testTenantListShowsEachTenantAndRefusesWhatAnotherCommandWould() throws {
        _ = try prepare()
        let long = "a-retailer-with-a-rather-long-tenant-name-for-the-columns"
        XCTAssertEqual(try run(["tenant", "create", long, "--region", "US"] + dirs).status, 0)
        let closed = try runSplit(["tenant", "create", "zeta", "--no-cross-region-reads", "--region", "EU"] + dirs)
        XCTAssertEqual(closed.status, 0, closed.stderr)
        XCTAssertEqual(closed.stdout, "created tenant zeta (default region EU; no cross-region reads)\n")
        let listed = try runSplit(["tenant", "list"] + dirs)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let lines = listed.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, listed.stdout)
        XCTAssertTrue(lines[0].hasPrefix("NAME") && lines[0].contains("DEFAULT REGION") && lines[0].contains("CREATED")
                      && lines[0].hasSuffix("CROSS-REGION READS"), listed.stdout)
        XCTAssertTrue(lines[1].hasPrefix("acme ") && lines[1].contains(" none ") && lines[1].hasSuffix("  yes"), listed.stdout)
        XCTAssertTrue(lines[2].hasPrefix(long + "  US") && lines[2].hasSuffix("  yes"), listed.stdout)
        XCTAssertTrue(lines[3].hasPrefix("zeta ") && lines[3].contains(" EU ") && lines[3].hasSuffix("  no"), listed.stdout)
        assertAligned(listed.stdout, columns: ["NAME", "DEFAULT REGION", "CREATED", "CROSS-REGION READS"])

        let json = try runSplit(["tenant", "list", "--json"] + dirs)
        let objects = try json.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(objects.map { $0?["name"] as? String }, ["acme", long, "zeta"])
        XCTAssertTrue(objects[0]?["default_region"] is NSNull, json.stdout)
        XCTAssertEqual(objects[1]?["default_region"] as? String, "US")
        XCTAssertNotNil(objects[1]?["created_at"] as? String)
        XCTAssertEqual(objects.map { $0?["cross_region_reads"] as? Bool }, [true, true, false], json.stdout)

        let typo = try runSplit(["tenant", "list", "--data-dir", root + "/dta", "--keys-dir", root + "/keys"])
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.contains("no vault at \(root!)/dta"), typo.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/dta"))
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/other"]).status, 0)
        let wrong = try runSplit(["tenant", "list", "--data-dir", root + "/data", "--keys-dir", root + "/other"])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("does not match"), wrong.stderr)
    }

    func testAPIKeyListColumnsStayAlignedWithLongNames() throws {
        _ = try prepare()
        let tenant = "tenant-with-a-name-longer-than-seventeen"
        XCTAssertEqual(try run(["tenant", "create", tenant] + dirs).status, 0)
        XCTAssertEqual(try run(["apikey", "create", "--tenant", tenant, "--name", "the nightly export job of the data team",
                                "--scopes", "tokenize,detokenize,profiles:read,profiles:write,audit:read"] + dirs).status, 0)
        let listed = try runSplit(["apikey", "list"] + dirs)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(listed.stdout.split(separator: "\n").count, 3, listed.stdout)
        assertAligned(listed.stdout, columns: ["ID", "TENANT", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "STATE"])
    }

    func testKeysRotateAsksBeforeRotatingAKeyringThatWrapsData() throws {
        _ = try prepare()
        let rotate = ["keys", "rotate", "--region", "EU"] + dirs
        let keyring = root + "/keys/EU.keyring"
        // No EU database yet: nothing is wrapped, nothing to ask.
        let fresh = try runSplit(rotate)
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        XCTAssertTrue(fresh.stdout.contains("2 keys"), fresh.stdout)
        let (server, _, _) = try serve(["--log-level", "warning"])
        server.terminate()
        server.waitUntilExit()
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/data/vault-eu.sqlite"))

        let before = try Data(contentsOf: URL(fileURLWithPath: keyring))
        let script = try runSplit(rotate)
        XCTAssertEqual(script.status, 2, script.stderr)
        XCTAssertTrue(script.stderr.contains("already wraps data in \(root!)/data/vault-eu.sqlite") && script.stderr.contains("--yes"),
                      script.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: keyring)), before, "refused means unchanged")

        let declined = try terminal()
        try declined.keyboard.write(contentsOf: Data("no\n".utf8))
        let no = try runSplit(rotate, stdin: declined.child)
        XCTAssertEqual(no.status, 1, no.stderr)
        XCTAssertTrue(no.stderr.contains("Type yes to rotate") && no.stderr.contains("not rotated"), no.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: keyring)), before)

        let confirmed = try terminal()
        try confirmed.keyboard.write(contentsOf: Data("yes\n".utf8))
        let yes = try runSplit(rotate, stdin: confirmed.child)
        XCTAssertEqual(yes.status, 0, yes.stderr)
        XCTAssertTrue(yes.stdout.contains("3 keys"), yes.stdout)

        let flagged = try runSplit(rotate + ["--yes"])
        XCTAssertEqual(flagged.status, 0, flagged.stderr)
        XCTAssertTrue(flagged.stdout.contains("4 keys"), flagged.stdout)
        // A data directory with no vault tells nothing: a mistyped one must not skip the question.
        let unknown = try runSplit(["keys", "rotate", "--region", "US", "--keys-dir", root + "/keys", "--data-dir", root + "/none"])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no vault at \(root!)/none"), unknown.stderr)

    }
}
