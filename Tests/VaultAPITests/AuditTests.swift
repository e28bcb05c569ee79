import Foundation
import HTTPTestSupport
import StoreTestSupport
import VaultSQLite
import VaultStore
import XCTest
@testable import Vault
@testable import VaultAPI

/// The audit log over real requests: records for every reveal and administration, nothing secret in them,
/// the endpoint, and tamper detection.
final class AuditTests: XCTestCase {
    func testRevealsAndAdministrationAreRecordedWithoutSecrets() throws {
        let fixture = try APIFixture()
        let canary = "canary-\(UUID().uuidString)@example.org"
        let token = try fixture.tokenize(["e": canary], extra: ["X-Request-Id": "req-tok"]).tokens["e"]!
        _ = try fixture.detokenize(["e": token, "x": "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608"],
                                   extra: ["X-Request-Id": "req-detok"])
        let response = try httpRequest(port: fixture.port, method: "GET", path: "/v1/d/pii/audit?count=10",
                                       headers: ["Tenant": "acme", "Authorization": "Bearer " + fixture.secrets["acme"]!])
        XCTAssertEqual(response.status, 200)
        let records = response.json["records"] as? [[String: Any]] ?? []
        let operations = records.map { $0["operation"] as? String ?? "" }
        XCTAssertEqual(Array(operations.prefix(2)), ["detokenize", "tokenize"])
        XCTAssertTrue(operations.contains("tenant.create"))
        XCTAssertTrue(operations.contains("apikey.create"))
        let detok = records[0]
        XCTAssertEqual(detok["request_id"] as? String, "req-detok")
        XCTAssertEqual(detok["count"] as? Int, 2)
        XCTAssertEqual(detok["outcome"] as? String, "revealed 1 of 2")
        XCTAssertTrue((detok["records"] as? [String] ?? []).contains(String(token.dropFirst(6).prefix(26))), "record id, not token")
        XCTAssertFalse(response.text.contains(token))
        XCTAssertFalse(response.text.contains(canary))
        XCTAssertEqual((response.json["pagination_info"] as? [String: Any])?["offset"] as? Int, 0)
        // Only the caller's tenant: globex sees its own administration, not acme's reveals.
        let other = try httpRequest(port: fixture.port, method: "GET", path: "/v1/d/pii/audit",
                                    headers: ["Tenant": "globex", "Authorization": "Bearer " + fixture.secrets["globex"]!])
        XCTAssertFalse(other.text.contains("req-detok"))
        // audit:read is needed.
        let reader = try fixture.makeKey(tenant: "acme", scopes: [.detokenize])
        XCTAssertEqual(try httpRequest(port: fixture.port, method: "GET", path: "/v1/d/pii/audit",
                                       headers: ["Tenant": "acme", "Authorization": "Bearer " + reader]).status, 403)
        XCTAssertEqual(try httpRequest(port: fixture.port, method: "GET", path: "/v1/d/pii/audit?count=0",
                                       headers: ["Tenant": "acme", "Authorization": "Bearer " + fixture.secrets["acme"]!]).status, 400)
    }

    func testVerifyPassesAndNamesTheFirstBadRecordAfterTampering() throws {
        let fixture = try APIFixture()
        for i in 0..<5 { _ = try fixture.tokenize(["v": i]) }
        fixture.stop()
        let chain = AuditFiles.chains(dataDirectory: fixture.dataDirectory, engine: try TestStores.engine(for: fixture.dataDirectory)).first { $0.name == "EU" }!
        XCTAssertEqual(try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory), .intact(records: 5))
        for control in AuditFiles.chains(dataDirectory: fixture.dataDirectory, engine: try TestStores.engine(for: fixture.dataDirectory)) {
            guard case .intact = try AuditFiles.verify(control, keysDirectory: fixture.keysDirectory) else {
                return XCTFail("\(control.name) chain not intact")
            }
        }
        let db = try StoreInspector(.region(.eu), dataDirectory: fixture.dataDirectory)
        // Edited.
        try db.execute("UPDATE audit SET outcome = 'stored 0 of 1' WHERE seq = 3")
        XCTAssertEqual(try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory),
                       .broken(seq: 3, reason: "record 3 was altered"))
        try db.execute("UPDATE audit SET outcome = 'stored 1 of 1' WHERE seq = 3")
        XCTAssertEqual(try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory), .intact(records: 5))
        // Tail truncated.
        try db.execute("DELETE FROM audit WHERE seq = 5")
        guard case .broken(let seq, let reason) = try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory) else {
            return XCTFail("truncation not detected")
        }
        XCTAssertEqual(seq, 5)
        XCTAssertTrue(reason.contains("truncated"), reason)
        // Removed from the middle.
        try db.execute("DELETE FROM audit WHERE seq = 2")
        XCTAssertEqual(try AuditFiles.verify(chain, keysDirectory: fixture.keysDirectory),
                       .broken(seq: 2, reason: "record 2 is missing (removed)"))
    }
}
