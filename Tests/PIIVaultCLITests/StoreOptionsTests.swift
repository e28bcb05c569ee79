import Foundation
@testable import PIIVaultCLI
import XCTest

/// `--store` and `--control-store`: where a connection string may come from, and what never reaches a message.
final class StoreOptionsTests: XCTestCase {
    private let directory = NSTemporaryDirectory() + "store-options-\(UUID().uuidString)"

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func file(_ name: String, _ text: String, mode: Int) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func testAFileThroughASymlinkIsJudgedByItsOwnModeAndCommentsAreSkipped() throws {
        let target = try file("eu.pg", "# the EU store\nhost=db-eu dbname=vault_eu\n  user=vault\n", mode: 0o400)
        let link = directory + "/secret.pg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        XCTAssertEqual(try StoreOptions.conninfo(link, option: "--store EU"), "host=db-eu dbname=vault_eu   user=vault")
    }

    func testAFileOthersMayReadIsRefused() throws {
        for mode in [0o640, 0o644, 0o604] {
            let path = try file("open-\(mode).pg", "host=db password=hunter2", mode: mode)
            XCTAssertThrowsError(try StoreOptions.conninfo(path, option: "--control-store")) { error in
                XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
                XCTAssertFalse("\(error)".contains("hunter2"))
            }
        }
    }

    func testNoValueIsRepeatedAndNoPasswordPassesOnTheCommandLine() {
        XCTAssertThrowsError(try StoreOptions.conninfo("host=db password=hunter2", option: "--control-store")) { error in
            XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
        }
        for uri in ["postgresql://vault:hunter2@db/vault", "postgres://vault@db/vault?password=hunter2"] {
            XCTAssertThrowsError(try StoreOptions.conninfo(uri, option: "--store EU")) { error in
                XCTAssertFalse("\(error)".contains("hunter2"), "\(error)")
            }
        }
        if StoreWiring.hasPostgreSQL {
            // libpq decodes parameter names: a disguised password is still one.
            XCTAssertThrowsError(try StoreOptions.conninfo("postgresql://vault@db/vault?pass%77ord=hunter2", option: "--store EU"))
        }
    }
}
