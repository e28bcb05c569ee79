import Foundation
import StoreTestSupport
import XCTest
@testable import Vault
import VaultCrypto

/// Rotation that finishes, on a serving vault and on both engines: after `keys rotate` the server seals under
/// the new primary without a restart, `KeyRewrapper` moves every stored key under it batch by batch, and the
/// old key can be retired; every value still reads, through the server that was running all along.
final class KeyRotationTests: XCTestCase {
    func testRotateRewrapAndRetireWhileServing() throws {
        let fixture = try APIFixture(regions: [.eu])
        let engine = try TestStores.engine(for: fixture.dataDirectory)
        var tokens: [String: String] = [:]
        for n in 0..<5 { tokens.merge(try fixture.tokenize(["k\(n)": "v\(n)@example.org"]).tokens) { a, _ in a } }
        var profiles: [String] = []
        for n in 0..<7 { profiles.append(try fixture.newProfile("p\(n)@example.org")["id"] as! String) }
        let first = try KeyringFile.load(keysDirectory: fixture.keysDirectory, region: "EU")
        func inventory() throws -> KeyInventory {
            try KeyInventory.take(.eu, dataDirectory: fixture.dataDirectory, keysDirectory: fixture.keysDirectory, engine: engine,
                                  documents: [:])
        }
        XCTAssertEqual(try inventory().keys.map(\.rows), [8], "one data key and seven profile keys")

        let rotated = try first.rotated(now: first.primary.createdAt + 1)
        try KeyringFile.write(rotated, keysDirectory: fixture.keysDirectory, replacing: true)
        XCTAssertThrowsError(try KeyRetirement.retire(first.primaryID, region: .eu, dataDirectory: fixture.dataDirectory,
                                                      keysDirectory: fixture.keysDirectory, engine: engine, documents: [:],
                                                      now: WallClock.milliseconds())) { error in
            XCTAssertTrue("\(error)".contains("8 stored keys are still wrapped"), "\(error)")
            XCTAssertTrue("\(error)".contains("keys rewrap --region EU"), "\(error)")
        }
        Thread.sleep(forTimeInterval: 1.1)  // the server rereads its keyring file at most once a second
        profiles.append(try fixture.newProfile("after@example.org")["id"] as! String)
        tokens.merge(try fixture.tokenize(["late": "late@example.org"]).tokens) { a, _ in a }
        XCTAssertEqual(try inventory().keys.map(\.rows), [8, 2], "new keys go under the new primary at once")

        var rewrapper = KeyRewrapper(region: .eu, dataDirectory: fixture.dataDirectory, keysDirectory: fixture.keysDirectory,
                                     engine: engine)
        rewrapper.batch = 3
        var seen: [KeyRewrapper.Progress] = []
        let outcome = try rewrapper.run { seen.append($0) }
        XCTAssertEqual(outcome.rewrapped, 8)
        XCTAssertEqual(outcome.failures, [])
        XCTAssertEqual(seen.map(\.processed), [1, 4, 7, 8], "the data key alone, then profiles three at a time")
        XCTAssertTrue(seen.allSatisfy { $0.total == 8 })
        XCTAssertEqual(try inventory().keys.map(\.rows), [0, 10])
        let again = try rewrapper.run { _ in XCTFail("nothing left to re-wrap") }
        XCTAssertEqual(again.rewrapped, 0)

        let message = try KeyRetirement.retire(first.primaryID, region: .eu, dataDirectory: fixture.dataDirectory,
                                               keysDirectory: fixture.keysDirectory, engine: engine, documents: [:],
                                               now: WallClock.milliseconds())
        XCTAssertTrue(message.contains("retired key \(Hex.encode(first.primaryID))"), message)
        let after = try inventory()
        XCTAssertEqual(after.keys.map(\.id), [first.primaryID, rotated.primaryID])
        XCTAssertNotNil(after.keys[0].retiredAt)
        XCTAssertTrue(after.keys[1].isPrimary)
        Thread.sleep(forTimeInterval: 1.1)

        let revealed = try fixture.detokenize(tokens)
        XCTAssertEqual(revealed.errors.count, 0, "\(revealed.errors)")
        XCTAssertEqual(revealed.data["k3"] as? String, "v3@example.org")
        for id in profiles { XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(id)").status, 200) }
        let chain = AuditFiles.chains(dataDirectory: fixture.dataDirectory, engine: engine).first { $0.name == "EU" }!
        let operations = try AuditFiles.records(chain, keysDirectory: fixture.keysDirectory, tenant: nil, last: 20).map(\.operation)
        XCTAssertEqual(operations.filter { $0 == "keys.rewrap" }.count, 4, "start and end of both runs")
        XCTAssertTrue(operations.contains("keys.retire"))
        guard case .intact = try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory) else {
            return XCTFail("the chain no longer verifies")
        }
    }
}
