import Foundation
import HTTPTestSupport
import StoreTestSupport
import VaultStore
import XCTest
@testable import Vault
@testable import VaultSQLite

/// A store that cannot grow (a full disk, simulated with SQLite's `max_page_count` on the writer): writes
/// answer 503 or per-key `retryable_error`, nothing is stored half-way, and once there is room again the
/// service works without a restart.
final class StoreFullTests: XCTestCase {
    private func limitPages(_ fixture: APIFixture, extra: Int64?) throws {
        let store = try XCTUnwrap(fixture.vault.stores[.eu]?.storage as? SQLiteRegionStorage)
        try store.writer.perform { database in
            let pages = try database.scalarInt("PRAGMA page_count")
            try database.execute("PRAGMA max_page_count=\(extra.map { pages + $0 } ?? 1_073_741_823)")
        }
    }

    private func counts(_ fixture: APIFixture) throws -> [Int64] {
        let database = try fixture.openRegionDatabase(.eu)
        return try ["tokens", "profiles", "addresses", "data_blobs", "profile_grams_recent"].map {
            try database.scalarInt("SELECT count(*) FROM \($0)")
        }
    }

    func testWritesFailCleanlyAndRecoverWhenThereIsRoomAgain() throws {
        try TestStores.requireSQLite("a full disk is simulated with SQLite's max_page_count")
        let fixture = try APIFixture(regions: [.eu])
        let token = try fixture.tokenize(["e": "before@example.org"]).tokens["e"]!
        let profile = try fixture.newProfile("before@example.org")["id"] as! String
        let before = try counts(fixture)

        try limitPages(fixture, extra: 0)
        let big = String(repeating: "x", count: 8_000)
        let tokenized = try fixture.tokenize(Dictionary(uniqueKeysWithValues: (0..<25).map { ("k\($0)", big + "\($0)") }))
        XCTAssertEqual(tokenized.status, 200)
        XCTAssertEqual(tokenized.tokens, [:])
        XCTAssertEqual(Set(tokenized.errors.values), ["retryable_error"])
        // Writes big enough to need new pages (a small one may still fit in a page's free space).
        let attributes = Dictionary(uniqueKeysWithValues: (0..<20).map { ("a\($0)", ["data_type": "string", "value": String(big.prefix(4_000))]) })
        let created = try fixture.createProfile(["email": "during@example.org", "extended_attributes": attributes])
        XCTAssertEqual(created.status, 503, created.text)
        XCTAssertEqual(created.headers["retry-after"], "1")
        let upload = try fixture.send("POST", "/v1/d/pii/data", String(repeating: "d", count: 200_000), contentType: "text/plain")
        XCTAssertEqual(upload.status, 503)
        XCTAssertEqual(try counts(fixture), before, "nothing was stored half-way")
        XCTAssertEqual(try fixture.get("/healthz").status, 200, "reads still work")

        try limitPages(fixture, extra: nil)
        XCTAssertEqual(try fixture.tokenize(["e": big]).tokens.count, 1)
        XCTAssertEqual(try fixture.createProfile(["email": "during@example.org", "extended_attributes": attributes]).status, 201)
        XCTAssertEqual(try fixture.detokenize(["t": token]).data["t"] as? String, "before@example.org")
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(profile)").status, 200)
    }
}
