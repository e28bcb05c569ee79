import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import XCTest

/// `piivault backup` and `restore` with the real binary: a backup taken while a server tokenizes holds every
/// token answered before it started; restore refuses what it must not restore, and leaves nothing half-done.
extension ProcessTests {
    private var backupDirs: [String] { ["--data-dir", root + "/data", "--keys-dir", root + "/keys"] }

    func backup(_ to: String) throws -> (status: Int32, output: String) {
        try run(["backup", "--to", to] + backupDirs)
    }

    func restore(_ from: String, into target: String, _ extra: [String] = []) throws -> (status: Int32, output: String) {
        try run(["restore", "--from", from, "--data-dir", target, "--keys-dir", root + "/keys"] + extra)
    }

    func testABackupUnderConcurrentWritesRestoresEveryTokenAcknowledgedBeforeItStarted() throws {
        let headers = try prepare()
        let (server, port, _) = try serve(["--log-level", "warning"])
        var stopped = false
        defer { if !stopped { server.terminate(); server.waitUntilExit() } }
        let acknowledged = Acknowledged()
        let backupDone = Flag()
        let workers = DispatchGroup()
        for worker in 0..<4 {
            DispatchQueue.global().async(group: workers) {
                var i = 0
                // Until a little after the backup, so writes land before, during and after it.
                while !backupDone.isSet || i % 20 != 0 {
                    let value = "w\(worker)-\(i)"
                    i += 1
                    guard let response = try? httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers,
                                                          body: #"{"data":{"v":"\#(value)"}}"#),
                          let token = response.tokens["v"] else { continue }
                    acknowledged.add(token, value)
                }
            }
        }
        usleep(400_000)
        let beforeBackup = acknowledged.all
        let result = try backup(root + "/backup")
        let writesDuringBackup = acknowledged.all.count - beforeBackup.count
        backupDone.set()
        workers.wait()
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("copied vault-eu.sqlite"), result.output)
        XCTAssertGreaterThan(beforeBackup.count, 20)
        XCTAssertGreaterThan(writesDuringBackup, 0, "the server kept answering while the backup ran")
        server.terminate()
        server.waitUntilExit()
        stopped = true
        for name in try FileManager.default.contentsOfDirectory(atPath: root + "/keys") {
            XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/backup/" + name), "no keyring in the backup: \(name)")
        }

        let restored = try restore(root + "/backup", into: root + "/restored")
        XCTAssertEqual(restored.status, 0, restored.output)
        XCTAssertTrue(restored.output.contains("audit verify: EU:") && restored.output.contains("intact"), restored.output)
        XCTAssertTrue(restored.output.contains("no --ledger given"), restored.output)
        let (again, newPort, _) = try startServer(binary, ["serve", "--port", "0", "--log-level", "warning", "--data-dir",
                                                           root + "/restored", "--keys-dir", root + "/keys"])
        defer { again.terminate(); again.waitUntilExit() }
        var lost = 0
        for chunk in stride(from: 0, to: beforeBackup.count, by: 25) {
            let slice = beforeBackup[chunk..<min(chunk + 25, beforeBackup.count)]
            let tokens = Dictionary(uniqueKeysWithValues: slice.enumerated().map { ("k\($0.offset)", $0.element.0) })
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["tokens": tokens]), as: UTF8.self)
            let data = try httpRequest(port: newPort, path: "/v1/d/pii/detokenize", headers: headers, body: body).json["data"]
            for (offset, pair) in slice.enumerated() where (data as? [String: String])?["k\(offset)"] != pair.1 { lost += 1 }
        }
        XCTAssertEqual(lost, 0, "\(beforeBackup.count) acknowledged before the backup, \(lost) missing from the restore")
    }

    func testRestoreRefusesANonEmptyTargetADamagedBackupAndATamperedCopy() throws {
        let headers = try prepare()
        let (server, port, _) = try serve(["--log-level", "warning"])
        func tokenize() throws {
            XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers, body: #"{"data":{"v":"x"}}"#).status, 200)
        }
        try tokenize()
        XCTAssertEqual(try backup(root + "/old").status, 0)
        try tokenize()
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(try backup(root + "/new").status, 0)
        let refusedTarget = try backup(root + "/new")
        XCTAssertEqual(refusedTarget.status, 1)
        XCTAssertTrue(refusedTarget.output.contains("is not empty"), refusedTarget.output)

        // Targets that exist.
        try FileManager.default.createDirectory(atPath: root + "/busy", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/busy/x", contents: Data())
        _ = FileManager.default.createFile(atPath: root + "/file", contents: Data())
        for (target, message) in [("/busy", "is not empty"), ("/file", "is not a directory"), ("/data", "is not empty")] {
            let refused = try restore(root + "/old", into: root + target)
            XCTAssertEqual(refused.status, 1, refused.output)
            XCTAssertTrue(refused.output.contains(message), refused.output)
        }

        // A damaged file: its checksum no longer matches, nothing is restored.
        try FileManager.default.copyItem(atPath: root + "/old", toPath: root + "/damaged")
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: root + "/damaged/vault-eu.sqlite"))
        try handle.seek(toOffset: 5_000)
        try handle.write(contentsOf: Data([0x42]))
        try handle.close()
        let damaged = try restore(root + "/damaged", into: root + "/r1")
        XCTAssertEqual(damaged.status, 1, damaged.output)
        XCTAssertTrue(damaged.output.contains("vault-eu.sqlite is not the file the manifest recorded"), damaged.output)

        // An edited manifest (a later start would skip deletions) does not verify.
        try FileManager.default.copyItem(atPath: root + "/old", toPath: root + "/edited")
        let path = root + "/edited/manifest.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: #""started_at_ms":1"#, with: #""started_at_ms":2"#).write(toFile: path, atomically: true, encoding: .utf8)
        let edited = try restore(root + "/edited", into: root + "/r2")
        XCTAssertEqual(edited.status, 1, edited.output)
        XCTAssertTrue(edited.output.contains("does not verify under the control keyring"), edited.output)

        // The newer EU copy under the old backup's manifest, checksum and all rewritten by someone holding the
        // control keyring: the chain does not end where the manifest says.
        try FileManager.default.copyItem(atPath: root + "/old", toPath: root + "/swapped")
        try FileManager.default.removeItem(atPath: root + "/swapped/vault-eu.sqlite")
        try FileManager.default.copyItem(atPath: root + "/new/vault-eu.sqlite", toPath: root + "/swapped/vault-eu.sqlite")
        var manifest = try BackupManifest(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: root + "/old/manifest.json"))),
                                          keysDirectory: root + "/keys")
        let index = try XCTUnwrap(manifest.files.firstIndex { $0.name == "vault-eu.sqlite" })
        let (bytes, sha) = try BackupFiles.checksum(root + "/swapped/vault-eu.sqlite")
        manifest.files[index].bytes = bytes
        manifest.files[index].sha256 = sha
        try Data(try manifest.serialized(keysDirectory: root + "/keys")).write(to: URL(fileURLWithPath: root + "/swapped/manifest.json"))
        let swapped = try restore(root + "/swapped", into: root + "/r3")
        XCTAssertEqual(swapped.status, 1, swapped.output)
        XCTAssertTrue(swapped.output.contains("audit chain of the copy ends at record 2, not at record 1 as its manifest recorded"),
                      swapped.output)
        // Not a finished backup.
        try FileManager.default.removeItem(atPath: root + "/swapped/manifest.json")
        let unfinished = try restore(root + "/swapped", into: root + "/r4")
        XCTAssertEqual(unfinished.status, 1)
        XCTAssertTrue(unfinished.output.contains("is not a finished piivault backup"), unfinished.output)
        for target in ["/r1", "/r2", "/r3", "/r4", "/r1.restoring", "/r3.restoring"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: root + target), "\(target): nothing half-restored is left")
        }
        // The good one, into an empty directory that exists.
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        let good = try restore(root + "/old", into: root + "/empty")
        XCTAssertEqual(good.status, 0, good.output)
        XCTAssertTrue(good.output.contains("restored vault-eu.sqlite: audit chain EU ends at record 1, as the manifest recorded"), good.output)
    }
}

/// A flag one thread sets and others poll.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
