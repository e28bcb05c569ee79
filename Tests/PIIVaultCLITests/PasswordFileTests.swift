import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import XCTest

/// libpq warns of a password file open to other users with a raw `WARNING:` line on stderr at every
/// connection (outside tester: a line per connection, none in the log's format). The vault refuses such a
/// file itself, once, in its own format, before libpq sees it.
final class PasswordFileTests: XCTestCase {
    func testAnOpenPasswordFileIsOneStructuredErrorNotLibpqWarnings() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        let root = NSTemporaryDirectory() + "passfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let passfile = root + "/pgpass"
        try "127.0.0.1:*:*:vault:s3cr3t-pw\n".write(toFile: passfile, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: passfile)
        setenv("PGPASSFILE", passfile, 1)
        defer { unsetenv("PGPASSFILE") }
        // PIIVAULT_BIN: another build (an older one, to see this test fail), as in `ProcessTests`.
        let binary = ProcessInfo.processInfo.environment["PIIVAULT_BIN"]
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        // Port 1: nothing listens there, and nothing needs to: libpq warns before it connects.
        let result = try runProcess(binary, ["audit", "verify", "--data-dir", root + "/data", "--keys-dir", root + "/keys",
                                             "--control-store", "postgresql://vault@127.0.0.1:1/vault_control"], timeout: 60)
        XCTAssertNotEqual(result.status, 0, result.output)
        XCTAssertFalse(result.output.contains("WARNING: password file"), result.output)
        XCTAssertTrue(result.output.contains("--control-store: password file \(passfile) may be read by other users"), result.output)
        XCTAssertFalse(result.output.contains("s3cr3t"), result.output)
    }
}
