import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import XCTest

/// `manifest.json`: what it records, that its tag covers every field (the start time decides which deletions
/// a restore re-applies), and that it names only files a data directory may hold.
final class BackupManifestTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "manifest-\(UUID().uuidString)"
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        for keys in ["keys", "other"] {
            XCTAssertEqual(try runProcess(binary, ["keys", "init", "--keys-dir", root + "/" + keys], timeout: 20).status, 0)
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
    }

    private var manifest: BackupManifest {
        BackupManifest(startedAt: 1_790_000_000_000, finishedAt: 1_790_000_001_500, files: [
            .init(name: "control.sqlite", bytes: 20_480, sha256: String(repeating: "ab", count: 32), schemaVersion: 2,
                  auditHead: "anchor1 control 2 \(String(repeating: "0", count: 32)) 1790000000001 \(String(repeating: "1", count: 32))"),
            .init(name: "provider-local.sqlite", bytes: 12_288, sha256: String(repeating: "cd", count: 32), schemaVersion: 1),
            .init(name: "deletions.ledger", bytes: 0, sha256: String(repeating: "ef", count: 32)),
        ], postgreSQL: ["US"])
    }

    func testItRoundTripsUnderTheSameKeyring() throws {
        let text = try manifest.serialized(keysDirectory: root + "/keys")
        XCTAssertEqual(text.last, 0x0a)
        let json = String(decoding: text, as: UTF8.self)
        XCTAssertTrue(json.hasPrefix(#"{"format":"piivault-backup/1","piivault_version":""#), json)
        XCTAssertTrue(json.contains(#""started_at":"2026-09-21T"#), json)
        XCTAssertTrue(json.contains(#""schema_version":null,"audit_head":null"#), json)
        XCTAssertEqual(try BackupManifest(parsing: text, keysDirectory: root + "/keys"), manifest)
    }

    func testAnEditedFieldOrAnotherVaultsKeyringIsRefused() throws {
        let json = String(decoding: try manifest.serialized(keysDirectory: root + "/keys"), as: UTF8.self)
        let edits = [
            json.replacingOccurrences(of: "1790000000000", with: "1790000900000"),   // a later start skips deletions
            json.replacingOccurrences(of: "20480", with: "20481"),
            json.replacingOccurrences(of: #""postgresql":["US"]"#, with: #""postgresql":[]"#),
            json.replacingOccurrences(of: String(repeating: "cd", count: 32), with: String(repeating: "dc", count: 32)),
        ]
        for edited in edits {
            XCTAssertNotEqual(edited, json)
            XCTAssertThrowsError(try BackupManifest(parsing: Array(edited.utf8), keysDirectory: root + "/keys")) {
                XCTAssertTrue("\($0)".contains("does not verify under the control keyring"), "\($0)")
            }
        }
        XCTAssertThrowsError(try BackupManifest(parsing: Array(json.utf8), keysDirectory: root + "/other")) {
            XCTAssertTrue("\($0)".contains("does not verify"), "\($0)")
        }
        let untagged = String(json[..<json.range(of: #","tag":"#)!.lowerBound]) + "}"
        XCTAssertThrowsError(try BackupManifest(parsing: Array(untagged.utf8), keysDirectory: root + "/keys")) {
            XCTAssertTrue("\($0)".contains("has no tag"), "\($0)")
        }
        XCTAssertThrowsError(try BackupManifest(parsing: Array("[]".utf8), keysDirectory: root + "/keys"))
    }

    func testOnlyADataDirectorysOwnFilesMayBeNamed() throws {
        for name in ["control.sqlite", "vault-eu.sqlite", "clienteling.sqlite", "provider-local.sqlite", "deletions.ledger"] {
            XCTAssertTrue(BackupManifest.isAllowedName(name), name)
        }
        for name in ["../control.sqlite", "/etc/x.sqlite", "EU.keyring", "audit.anchors", ".sqlite", ".x.sqlite", "a/b.sqlite",
                     "Vault.sqlite", "manifest.json", "x.sqlite-wal"] {
            XCTAssertFalse(BackupManifest.isAllowedName(name), name)
        }
        var bad = manifest
        bad.files[0].name = "../../Keys/EU.keyring"
        let text = try bad.serialized(keysDirectory: root + "/keys")
        XCTAssertThrowsError(try BackupManifest(parsing: text, keysDirectory: root + "/keys")) {
            XCTAssertTrue("\($0)".contains("lists a file with a bad name"), "\($0)")
        }
    }
}
