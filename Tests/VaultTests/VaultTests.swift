import Foundation
import StoreTestSupport
import XCTest
@testable import Vault
import VaultCrypto
import VaultStore

final class VaultTests: XCTestCase {
    func token(_ result: Result<Token, RecordError>) throws -> String { try result.get().string }

    func testRoundTripAndOrderOfResults() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open()
        defer { vault.close() }
        let values = ["\"john.doe@example.org\"", "42", "{\"a\":[1,null]}"]
        let tokens = try vault.tokenizeAndWait(tenant: "acme", region: .eu, values: values).map(token)
        XCTAssertEqual(Set(tokens).count, 3)
        XCTAssertTrue(tokens.allSatisfy { $0.hasPrefix("NS-EU-") })
        XCTAssertEqual(vault.detokenize(tenant: "acme", tokens.reversed()).map { try? $0.get() }, values.reversed())
    }

    func testUnknownWrongTenantTamperedAndMalformedTokens() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open()
        defer { vault.close() }
        let real = try token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"x\""])[0])
        // Same record id, another secret: the verifier must not match.
        let parsed = try Token.parse(real)
        let forged = Token(region: .eu, id: parsed.id, secret: ULID(high: parsed.secret.high, low: parsed.secret.low ^ 1))
        let results = vault.detokenize(tenant: "acme", [forged.string, "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608",
                                                        "garbage", real.replacingOccurrences(of: "NS-EU", with: "NS-XX")])
        XCTAssertEqual(results.map { $0.failure }, [.tokenNotFound, .tokenNotFound, .invalidToken, .invalidToken])
        XCTAssertEqual(vault.detokenize(tenant: "other", [real]).first?.failure, .tokenNotFound)
        // The region in the token routes the read: the same id under US is unknown there.
        XCTAssertEqual(vault.detokenize(tenant: "acme", [real.replacingOccurrences(of: "NS-EU", with: "NS-US")]).first?.failure,
                       .tokenNotFound)
    }

    func testExpiredTokensAreNotFoundBeforeAnySweep() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open()
        defer { vault.close() }
        let t = try token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["1"])[0])
        fixture.advance(milliseconds: 30 * 24 * 3600 * 1000 - 1)
        XCTAssertEqual(try vault.detokenize(tenant: "acme", [t])[0].get(), "1")
        fixture.advance(milliseconds: 1)
        XCTAssertEqual(vault.detokenize(tenant: "acme", [t])[0].failure, .tokenNotFound)
    }

    func testResidencyRowsLiveOnlyInTheirRegionFile() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open()
        let us = try Token.parse(token(vault.tokenizeAndWait(tenant: "acme", region: .us, values: ["\"us value\""])[0]))
        XCTAssertEqual(us.region, .us)
        vault.close()
        func rows(_ region: Region) throws -> Int64 {
            try StoreInspector(.region(region), dataDirectory: fixture.dataDirectory)
                .scalarInt("SELECT count(*) FROM tokens WHERE id = ?", [.blob(us.id.bytes)])
        }
        XCTAssertEqual(try rows(.us), 1)
        XCTAssertEqual(try rows(.eu), 0)
    }

    func testNodeServingOneRegionOpensOnlyItsKeysAndStore() throws {
        let fixture = try VaultFixture()
        try FileManager.default.removeItem(atPath: KeyringFile.path(keysDirectory: fixture.keysDirectory, region: "US"))
        let vault = try fixture.open(regions: [.eu])
        defer { vault.close() }
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.dataDirectory + "/vault-us.sqlite"))
        let results = vault.detokenize(tenant: "acme", ["NS-US-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608"])
        XCTAssertEqual(results[0].failure, .regionNotServed)
        XCTAssertEqual(vault.tokenizeAndWait(tenant: "acme", region: .us, values: ["1"])[0].failure, .regionNotServed)
    }

    func testRefusesToStartWithMissingOrExposedKeyring() throws {
        let fixture = try VaultFixture()
        // The second region failing must close the first one's store cleanly.
        let usPath = KeyringFile.path(keysDirectory: fixture.keysDirectory, region: "US")
        chmod(usPath, 0o604)
        XCTAssertThrowsError(try fixture.open(regions: [.eu, .us]))
        chmod(usPath, 0o600)
        let path = KeyringFile.path(keysDirectory: fixture.keysDirectory, region: "EU")
        chmod(path, 0o644)
        XCTAssertThrowsError(try fixture.open()) { error in
            XCTAssertTrue(String(describing: error).contains("readable by group or others"))
        }
        try FileManager.default.removeItem(atPath: path)
        XCTAssertThrowsError(try fixture.open()) { error in
            XCTAssertTrue(String(describing: error).contains("missing"))
        }
        XCTAssertNoThrow(try fixture.open(regions: [.us]).close())
    }

    func testValueSizeLimitIsPerKey() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open { $0.maxValueBytes = 10 }
        defer { vault.close() }
        let results = vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"short\"", "\"far too long a value\""])
        XCTAssertNotNil(try? results[0].get())
        XCTAssertEqual(results[1].failure, .valueTooLarge)
    }

    func testRestartDurabilityAndKeyRotation() throws {
        let fixture = try VaultFixture()
        var vault = try fixture.open()
        let before = try token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"before\""])[0])
        vault.close()
        let ring = try KeyringFile.load(keysDirectory: fixture.keysDirectory, region: "EU")
        try KeyringFile.write(try ring.rotated(now: 2), keysDirectory: fixture.keysDirectory, replacing: true)
        vault = try fixture.open()
        let after = try token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"after\""])[0])
        XCTAssertEqual(vault.detokenize(tenant: "acme", [before, after]).map { try? $0.get() }, ["\"before\"", "\"after\""])
        vault.close()
    }

    func testDataKeysRollOverAndOldOnesStillOpen() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open { $0.maxEncryptionsPerDataKey = 2 }
        defer { vault.close() }
        var tokens: [String] = []
        for i in 0..<5 { tokens.append(try token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\(i)"])[0])) }
        XCTAssertEqual(vault.detokenize(tenant: "acme", tokens).map { try? $0.get() }, ["0", "1", "2", "3", "4"])
        let keys = try StoreInspector(.region(.eu), dataDirectory: fixture.dataDirectory)
            .scalarInt("SELECT count(*) FROM data_keys WHERE tenant = 'acme'")
        XCTAssertEqual(keys, 3)
    }

    func testARowMovedToAnotherRecordOrTenantDoesNotOpen() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open()
        let a = try Token.parse(token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"a\""])[0]))
        let b = try Token.parse(token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"b\""])[0]))
        vault.close()
        // Copy a's sealed value onto b's row: it is bound to a's id and secret, so b's token cannot open it.
        try StoreInspector(.region(.eu), dataDirectory: fixture.dataDirectory)
            .execute("UPDATE tokens SET sealed = (SELECT sealed FROM tokens WHERE id = ?) WHERE id = ?",
                     [.blob(a.id.bytes), .blob(b.id.bytes)])
        let reopened = try fixture.open()
        defer { reopened.close() }
        XCTAssertEqual(reopened.detokenize(tenant: "acme", [b.string])[0].failure, .tokenNotFound)
        XCTAssertEqual(try reopened.detokenize(tenant: "acme", [a.string])[0].get(), "\"a\"")
    }

    func testFilesHoldNoPlaintextAndNoToken() throws {
        let fixture = try VaultFixture()
        let vault = try fixture.open()
        let canary = "canary-\(UUID().uuidString)@example.org"
        let t = try Token.parse(token(vault.tokenizeAndWait(tenant: "acme", region: .eu, values: ["\"\(canary)\""])[0]))
        _ = vault.detokenize(tenant: "acme", [t.string, "garbage"])
        vault.close()
        let bytes = try fixture.allFileBytes()
        XCTAssertFalse(bytes.contains(Array(canary.utf8)), "plaintext found on disk")
        XCTAssertFalse(bytes.contains(Array(t.string.utf8)), "token text found on disk")
        XCTAssertFalse(bytes.contains(Array(t.secret.string.utf8)), "token secret text found on disk")
        XCTAssertFalse(bytes.contains(t.secret.bytes), "token secret bytes found on disk")
    }
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
}

extension Result {
    var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
