import Foundation
import HTTPTestSupport
import StoreTestSupport
import VaultStore
import XCTest
@testable import Vault

/// A node never writes a tenant's data into a region other than the one asked for (by `Residency-Region`
/// or the tenant's default): a region it does not serve is 421 Misdirected Request, never a fallback.
final class ResidencyTests: XCTestCase {
    /// Two of a header that decides where data goes, whose it is or who asks: refused, never the first taken
    /// (second outside tester of issue 17: two Residency-Region headers stored in the first one's region).
    func testARepeatedRoutingHeaderIsRefused() throws {
        let fixture = try APIFixture()
        let body = #"{"data":{"a":"x"}}"#
        let twoRegions = try fixture.post("/v1/d/pii/tokenize", body, region: "US", extra: ["residency-region": "EU"])
        XCTAssertEqual(twoRegions.status, 400, twoRegions.text)
        XCTAssertTrue(twoRegions.text.contains("Residency-Region header appears more than once"), twoRegions.text)
        let twoTenants = try fixture.post("/v1/d/pii/tokenize", body, extra: ["tenant": "acme"])
        XCTAssertEqual(twoTenants.status, 400, twoTenants.text)
        let twoKeys = try fixture.post("/v1/d/pii/tokenize", body, extra: ["authorization": "Bearer pvk_x"])
        XCTAssertEqual(twoKeys.status, 401, twoKeys.text)
        XCTAssertEqual(try fixture.post("/v1/d/pii/tokenize", body, region: "US").status, 200, "one of each is fine")
    }

    func testATenantWhoseDefaultRegionIsNotServedIsMisdirectedOnEveryWriteRoute() throws {
        let fixture = try APIFixture(regions: [.eu], defaultRegion: .eu, tenantRegion: .us)
        let tokenize = try fixture.tokenize(["email": "us.person@example.org"])
        assertMisdirected(tokenize, region: "US")
        XCTAssertTrue(tokenize.tokens.isEmpty)
        assertMisdirected(try fixture.createProfile(["email": "us.person@example.org"]), region: "US")
        let upload = try fixture.post("/v1/d/pii/data", fixture.json(["content_type": "text/plain", "content": "aGk="]))
        assertMisdirected(upload, region: "US")
        fixture.stop()
        let eu = try StoreInspector(.region(.eu), dataDirectory: fixture.dataDirectory)
        for table in ["tokens", "profiles", "data_blobs"] {
            XCTAssertEqual(try eu.scalarInt("SELECT count(*) FROM \(table)"), 0, "\(table): US data written in the EU")
        }
    }

    func testAnExplicitUnservedRegionIsMisdirectedAndAnUnknownOneIsABadRequest() throws {
        let fixture = try APIFixture(regions: [.eu])
        assertMisdirected(try fixture.tokenize(["a": 1], region: "US"), region: "US")
        assertMisdirected(try fixture.createProfile(["email": "x@example.org"], region: "US"), region: "US")
        XCTAssertEqual(try fixture.tokenize(["a": 1], region: "MARS").status, 400)
        // The tenant's default region is served: an explicit served region still wins.
        XCTAssertTrue(try fixture.tokenize(["a": 1], region: "EU").tokens["a"]!.hasPrefix("NS-EU-"))
    }

    func testTheNodesDefaultRegionAppliesOnlyToTenantsWithoutOne() throws {
        let fixture = try APIFixture(regions: [.eu, .us], defaultRegion: .us, tenantRegion: .some(nil))
        XCTAssertTrue(try fixture.tokenize(["a": 1]).tokens["a"]!.hasPrefix("NS-US-"))
        let withDefault = try APIFixture(regions: [.eu, .us], defaultRegion: .us, tenantRegion: .eu)
        XCTAssertTrue(try withDefault.tokenize(["a": 1]).tokens["a"]!.hasPrefix("NS-EU-"))
    }

    func testIdsOfAnUnservedRegionAreMisdirected() throws {
        let fixture = try APIFixture(regions: [.eu])
        let profileID = "NS-US-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX"
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(profileID)").status, 421)
        XCTAssertEqual(try fixture.get("/v1/d/pii/data/NS-US-3f0d8a6e-9c1b-4d2a-8e5f-0123456789ab").status, 421)
        // A region no node has is a malformed id, as for detokenize (invalid_token_error).
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/NS-ZZ-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX").status, 400)
        XCTAssertEqual(try fixture.send("DELETE", "/v1/d/pii/data/NS-ZZ-3f0d8a6e-9c1b-4d2a-8e5f-0123456789ab").status, 400)
        XCTAssertEqual(try fixture.detokenize(["z": "NS-ZZ-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX"]).errors,
                       ["z": "invalid_token_error"])
        // Detokenize keeps its per-key code.
        XCTAssertEqual(try fixture.detokenize(["p": profileID]).errors, ["p": "region_not_served_error"])
    }

    private func assertMisdirected(_ response: TestResponse, region: String,
                                   file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response.status, 421, response.text, file: file, line: line)
        XCTAssertEqual(response.headers["content-type"], "application/problem+json", file: file, line: line)
        let message = response.json["message"] as? String ?? ""
        XCTAssertTrue(message.contains(region) && message.contains("does not serve"), message, file: file, line: line)
        XCTAssertFalse((response.json["request_id"] as? String ?? "").isEmpty, file: file, line: line)
    }
}
