import Clienteling
import Foundation
import PIIVaultCLI
import StoreTestSupport
import Vault
import VaultCrypto
import XCTest

/// `keys rewrap` reaches the set-up data: a submission's sealed document ids move to the region keyring's new
/// primary (compare-and-set, each once), and the running vault still opens them; the old key can then go.
final class SubmissionKeyRotationTests: XCTestCase {
    func testSubmissionsAreResealedUnderTheNewPrimary() throws {
        let f = try SetupFixture()
        var documents: [String] = []
        for _ in 0..<2 {
            let uploaded = try f.send("POST", "/v1/d/pii/data", ["content_type": "application/pdf", "content": "JVBERi0x"], region: "EU")
            documents.append(try XCTUnwrap(uploaded.json["id"] as? String))
        }
        let created = try f.send("POST", "/setup/regulatory-submissions", ["country_code": "IT", "document_ids": documents])
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"] as? String)
        let first = try KeyringFile.load(keysDirectory: f.keysDirectory, region: "EU")
        XCTAssertEqual(try f.store.documentKeyCounts(region: "EU"), [first.primaryID: 1])
        XCTAssertEqual(try f.store.documentKeyCounts(region: "US"), [:])

        let rotated = try first.rotated(now: 2)
        try KeyringFile.write(rotated, keysDirectory: f.keysDirectory, replacing: true)
        let done = try SetupWiring.resealDocuments(f.store, region: .eu, keysDirectory: f.keysDirectory)
        XCTAssertEqual(done.older, 1)
        XCTAssertEqual(done.resealed, 1)
        XCTAssertEqual(done.failed, [])
        XCTAssertEqual(try f.store.documentKeyCounts(region: "EU"), [rotated.primaryID: 1])
        XCTAssertEqual(try SetupWiring.resealDocuments(f.store, region: .eu, keysDirectory: f.keysDirectory).resealed, 0,
                       "each once")

        try KeyringFile.write(try rotated.retiring(first.primaryID, now: 3), keysDirectory: f.keysDirectory, replacing: true)
        Thread.sleep(forTimeInterval: 1.1)  // the vault rereads its keyring: the retired key leaves its memory
        let read = try f.send("GET", "/setup/regulatory-submissions/\(id)")
        XCTAssertEqual(read.json["document_ids"] as? [String], documents, read.text)
    }
}
