import Foundation
import Synchronization
@testable import Vault
import XCTest

/// Deletions through the vault reach the ledger (and nothing but their record ids), and `reapply` deletes
/// what a line names once, refusing a line the keyring did not tag.
final class DeletionLedgerVaultTests: XCTestCase {
    private let context = AuditContext(requestID: "test", keyID: "test-key")
    private let acme = Tenant("acme")!

    private func wait<T: Sendable>(_ start: (@escaping Vault.ProfileCompletion<T>) -> Void) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<Result<T, ProfileError>?>(nil)
        start { result in
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try XCTUnwrap(box.withLock { $0 }).get()
    }

    func testEachDeletionIsLedgeredByRecordIDAndReappliedOnce() throws {
        let fixture = try VaultFixture()
        let copy = fixture.root + "/outside.ledger"
        let vault = try fixture.open { $0.deletionLedgerCopy = copy }
        defer { vault.close() }
        let email = "ledger-\(UUID().uuidString.lowercased())@example.org"
        let kept = try wait { vault.getOrCreateProfile(tenant: acme, region: .eu, fields: ProfileFields(email: "kept-" + email),
                                                       context: context, completion: $0) }.profile
        let gone = try wait { vault.getOrCreateProfile(tenant: acme, region: .eu, fields: ProfileFields(email: email, fullName: "Gone"),
                                                       context: context, completion: $0) }.profile
        let dataID = try wait { vault.storeData(tenant: acme, region: .eu, data: StoredData(contentType: "text/plain", content: [1, 2]),
                                                ttlDays: nil, context: context, completion: $0) }
        try wait { vault.deleteData(tenant: acme, id: dataID.string, context: context, completion: $0) }
        try wait { vault.requestProfileDeletion(tenant: acme, id: gone.id.string, context: context, completion: $0) }

        let local = try XCTUnwrap(DeletionLedger.read(path: fixture.dataDirectory + "/deletions.ledger"))
        XCTAssertEqual(try XCTUnwrap(DeletionLedger.read(path: copy)).map(\.entry), local.map(\.entry), "the outside copy has every line")
        let entries = local.compactMap(\.entry)
        XCTAssertEqual(entries.map(\.kind), [.data, .profile])
        XCTAssertEqual(entries[1].record, gone.id.id.string, "a profile by its record id")
        let text = try String(contentsOfFile: fixture.dataDirectory + "/deletions.ledger", encoding: .utf8)
        for secret in [gone.id.string, dataID.string, email, "Gone", String(dataID.string.suffix(36))] {
            XCTAssertFalse(text.contains(secret), "the ledger holds no id, value or id secret")
        }
        // The live vault has done them already: re-applying changes nothing and says so.
        for entry in entries {
            XCTAssertEqual(try vault.verifies(entry), true)
            XCTAssertEqual(try vault.reapply(entry, requestID: "restore-test"), .alreadyGone)
        }
        // A line naming the kept profile, tagged by anyone but this keyring, deletes nothing.
        let line = entries[1].line.replacingOccurrences(of: entries[1].record, with: kept.id.id.string)
        let forged = try XCTUnwrap(DeletionLedgerEntry(line: Substring(line.dropLast())))
        XCTAssertEqual(try vault.verifies(forged), false)
        XCTAssertThrowsError(try vault.reapply(forged, requestID: "restore-test"))
        XCTAssertNoThrow(try wait { vault.profile(tenant: acme, id: kept.id.string, context: context, completion: $0) })
    }
}
