#if PostgreSQL
import Foundation
import PostgresStore
import XCTest

/// A password file libpq would read but ignore (open to other users, or not a file) is refused before any
/// connection: libpq's own warning would go straight to stderr at every connection, past the vault's log.
final class PostgresPasswordFileTests: XCTestCase {
    private let directory = NSTemporaryDirectory() + "pgpass-\(UUID().uuidString)"

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        unsetenv("PGPASSFILE")
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func passfile(mode: Int) throws -> String {
        let path = directory + "/pgpass-\(mode)"
        try "db:5432:*:vault:s3cr3t-pw\n".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func testAPasswordFileOthersMayReadIsRefusedWithoutItsContents() throws {
        for mode in [0o644, 0o640, 0o604, 0o660] {
            let path = try passfile(mode: mode)
            XCTAssertThrowsError(try PostgresConnectionString.validate("host=db dbname=v user=vault passfile=\(path)")) { error in
                XCTAssertTrue("\(error)".contains("password file \(path) may be read by other users"), "\(error)")
                XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
                XCTAssertFalse("\(error)".contains("s3cr3t"), "\(error)")
            }
        }
        XCTAssertNoThrow(try PostgresConnectionString.validate("host=db dbname=v user=vault passfile=\(try passfile(mode: 0o600))"))
    }

    func testPGPASSFILEIsCheckedAndAPasswordInTheStringSkipsTheFile() throws {
        setenv("PGPASSFILE", try passfile(mode: 0o644), 1)
        XCTAssertNotNil(PostgresConnectionString.passwordFileProblem(of: "postgresql://vault@db/v"))
        // libpq reads no password file then: nothing to warn about.
        XCTAssertNil(PostgresConnectionString.passwordFileProblem(of: "postgresql://vault:x@db/v"))
        setenv("PGPASSFILE", directory, 1)
        XCTAssertTrue(PostgresConnectionString.passwordFileProblem(of: "postgresql://vault@db/v")?.contains("is not a plain file") == true)
        setenv("PGPASSFILE", directory + "/none", 1)
        XCTAssertNil(PostgresConnectionString.passwordFileProblem(of: "postgresql://vault@db/v"), "no file: libpq says nothing either")
    }
}
#endif
