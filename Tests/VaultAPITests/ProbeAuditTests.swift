import Foundation
import HTTPTestSupport
import VaultStore
import XCTest
@testable import Vault

/// Every route that names a profile, address or data entry by id leaves an audit record when it finds
/// nothing the caller may touch (unknown, another tenant's, malformed, another region's) or refuses the key,
/// as a failed detokenize does; the record names the operation and the outcome, never the id sent.
final class ProbeAuditTests: XCTestCase {
    let profiles = APIFixture.profiles
    let unknownProfile = "NS-EU-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX"
    let unknownAddress = "NS-EU-01FXX4SCM7D4FCFJT8ZKD4JRV7-01FXX4SHNQQK1XDQHTZX6V6608"
    let unknownData = "NS-EU-6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6"
    let address: [String: Any] = ["full_name": "Ann Probe", "address_line_1": "1 Rue", "zip_code": "75001", "city": "Paris",
                                  "country_code": "FR"]

    /// One kind of route: how to call it on a profile, address and data id, and what its record is called.
    struct Route {
        let operation: String
        let method: String
        let path: (_ profile: String, _ address: String, _ data: String) -> String
        let body: [String: Any]?
    }

    var routes: [Route] {
        let stamp = "2026-01-01T00:00:00.000Z"
        return [
            Route(operation: "profile.read", method: "GET", path: { p, _, _ in "\(self.profiles)/\(p)" }, body: nil),
            Route(operation: "profile.update", method: "PATCH", path: { p, _, _ in "\(self.profiles)/\(p)" },
                  body: ["last_updated_at": stamp, "full_name": "x"]),
            Route(operation: "profile.delete", method: "POST", path: { p, _, _ in "\(self.profiles)/\(p)/delete" }, body: nil),
            Route(operation: "address.get_or_create", method: "POST", path: { p, _, _ in "\(self.profiles)/\(p)/addresses" },
                  body: address),
            Route(operation: "address.list", method: "GET", path: { p, _, _ in "\(self.profiles)/\(p)/addresses" }, body: nil),
            Route(operation: "address.read", method: "GET", path: { p, a, _ in "\(self.profiles)/\(p)/addresses/\(a)" }, body: nil),
            Route(operation: "address.update", method: "PATCH", path: { p, a, _ in "\(self.profiles)/\(p)/addresses/\(a)" },
                  body: ["last_updated_at": stamp, "city": "Lyon"]),
            Route(operation: "address.delete", method: "DELETE", path: { p, a, _ in "\(self.profiles)/\(p)/addresses/\(a)" }, body: nil),
            Route(operation: "data.read", method: "GET", path: { _, _, d in "/v1/d/pii/data/\(d)" }, body: nil),
            Route(operation: "data.delete", method: "DELETE", path: { _, _, d in "/v1/d/pii/data/\(d)" }, body: nil),
        ]
    }

    func testProbesOfUnknownAndOtherTenantsIdsAreAuditedWithoutTheId() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("probed@example.org")["id"] as! String
        let created = try fixture.post("\(profiles)/\(profile)/addresses", fixture.json(address))
        XCTAssertEqual(created.status, 201, created.text)
        let addressID = created.json["id"] as! String
        let data = try fixture.post("/v1/d/pii/data", fixture.json(["content_type": "text/plain", "content": "aGk="]))
        let dataID = data.json["id"] as! String
        let ownProfile = try fixture.createProfile(["email": "prober@example.org"], tenant: "globex").json["id"] as! String

        for (n, route) in routes.enumerated() {
            let requestID = "probe-\(n)"
            // globex probes ids that exist nowhere, then acme's real ones: the same answer, byte for byte.
            let unknown = try probe(fixture, route, route.path(unknownProfile, unknownAddress, unknownData), requestID)
            let theirs = try probe(fixture, route, route.path(profile, addressID, dataID), requestID)
            XCTAssertEqual(unknown.status, 404, route.operation)
            XCTAssertEqual(unknown.status, theirs.status, route.operation)
            XCTAssertEqual(unknown.text, theirs.text, route.operation)
            XCTAssertEqual(unknown.headers.filter { $0.key.lowercased() != "date" },
                           theirs.headers.filter { $0.key.lowercased() != "date" }, route.operation)

            // And under globex's own profile: acme's address id and an unknown one alike.
            let probes: Int
            if route.path("P", "A", "D").hasSuffix("/A") {
                let unknownHere = try probe(fixture, route, route.path(ownProfile, unknownAddress, unknownData), requestID)
                let theirsHere = try probe(fixture, route, route.path(ownProfile, addressID, dataID), requestID)
                XCTAssertEqual(unknownHere.status, 404, route.operation)
                XCTAssertEqual(unknownHere.text, theirsHere.text, route.operation)
                XCTAssertEqual(unknownHere.text, unknown.text, route.operation)
                probes = 4
            } else {
                probes = 2
            }

            let records = try auditRecords(fixture, tenant: "globex").filter { $0["request_id"] as? String == requestID }
            XCTAssertEqual(records.count, probes, "one record per probe: \(route.operation)")
            for record in records {
                XCTAssertEqual(record["operation"] as? String, route.operation)
                XCTAssertEqual(record["outcome"] as? String, "not found", route.operation)
                XCTAssertEqual(record["count"] as? Int, 0, route.operation)
                XCTAssertEqual(record["records"] as? [String], [], route.operation)
                XCTAssertEqual(record["chain"] as? String, "EU", route.operation)
            }
        }
        XCTAssertFalse(try auditRecords(fixture, tenant: "acme").contains { ($0["request_id"] as? String)?.hasPrefix("probe-") == true },
                       "the probes are the prober's records, not the owner's")
        XCTAssertEqual(try fixture.get("\(profiles)/\(profile)/addresses/\(addressID)").status, 200, "nothing was changed")
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/\(dataID)").status, 200)

        let table = try auditTableBytes(fixture)
        for id in [unknownProfile, unknownAddress, unknownData, profile, addressID, dataID] {
            XCTAssertFalse(table.contains(Array(id.utf8)), "an id sent is in the audit table")
        }
        for unknown in [unknownProfile, unknownAddress] {
            let recordID = try Token.parse(unknown).id
            XCTAssertFalse(table.contains(Array(recordID.string.utf8)), "an unknown id's record id is in the audit table")
            XCTAssertFalse(table.contains(recordID.bytes), "an unknown id's record id is in the audit table")
        }
        XCTAssertFalse(table.contains(try DataID.parse(unknownData).uuid))
    }

    func testMalformedOtherRegionsAndRefusedIdsAreAuditedToo() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profile = try fixture.newProfile("refused@example.org")["id"] as! String
        let usProfile = "NS-US-" + unknownProfile.dropFirst(6)

        XCTAssertEqual(try fixture.send("GET", "\(profiles)/not-an-id", extra: ["X-Request-Id": "malformed"]).status, 400)
        XCTAssertEqual(try fixture.send("GET", "/v1/d/pii/data/not-an-id", extra: ["X-Request-Id": "malformed-data"]).status, 400)
        XCTAssertEqual(try fixture.send("DELETE", "\(profiles)/\(usProfile)/addresses/\(unknownAddress)",
                                        extra: ["X-Request-Id": "elsewhere"]).status, 421)
        let tokenizer = try fixture.makeKey(tenant: "acme", scopes: [.tokenize, .detokenize])
        XCTAssertEqual(try fixture.send("GET", "\(profiles)/\(profile)", key: tokenizer, extra: ["X-Request-Id": "no-scope"]).status, 403)
        // globex's key sent with acme's Tenant header: refused, and on globex's record (the key's own tenant).
        XCTAssertEqual(try fixture.send("GET", "\(profiles)/\(profile)", key: fixture.secrets["globex"],
                                        extra: ["X-Request-Id": "wrong-tenant"]).status, 403)

        let acme = try auditRecords(fixture, tenant: "acme")
        let expected = [("malformed", "profile.read", "invalid id"), ("malformed-data", "data.read", "invalid id"),
                        ("elsewhere", "address.delete", "region not served"), ("no-scope", "profile.read", "permission denied")]
        for (requestID, operation, outcome) in expected {
            let record = acme.first { $0["request_id"] as? String == requestID }
            XCTAssertEqual(record?["operation"] as? String, operation, requestID)
            XCTAssertEqual(record?["outcome"] as? String, outcome, requestID)
            XCTAssertEqual(record?["count"] as? Int, 0, requestID)
            XCTAssertEqual(record?["chain"] as? String, "EU", "the node's default region keeps what names no region here")
        }
        let globex = try auditRecords(fixture, tenant: "globex").first { $0["request_id"] as? String == "wrong-tenant" }
        XCTAssertEqual(globex?["operation"] as? String, "profile.read")
        XCTAssertEqual(globex?["outcome"] as? String, "permission denied")
        XCTAssertFalse(try auditTableBytes(fixture).contains(Array(profile.utf8)))
    }

    private func probe(_ fixture: APIFixture, _ route: Route, _ path: String, _ requestID: String) throws -> TestResponse {
        try fixture.send(route.method, path, route.body.map(fixture.json) ?? (route.method == "POST" ? "" : nil),
                         tenant: "globex", extra: ["X-Request-Id": requestID])
    }

    private func auditRecords(_ fixture: APIFixture, tenant: String) throws -> [[String: Any]] {
        let response = try fixture.get("/v1/d/pii/audit?count=500", tenant: tenant)
        XCTAssertEqual(response.status, 200)
        return response.json["records"] as? [[String: Any]] ?? []
    }

    /// Every byte of every column of the region's audit table, as someone holding the file reads it.
    private func auditTableBytes(_ fixture: APIFixture) throws -> [UInt8] {
        try fixture.openRegionDatabase(.eu).allBytes(of: "audit", columns: 9)
    }
}
