import Foundation
import HTTPTestSupport
import VaultStore
import XCTest

/// The README's promise for a deletion answered 202 or 204: within 5 seconds nothing of the deleted rows is
/// left in any file of the data directory (database pages, free list, WAL, shared memory), while the server
/// that wrote them is still running. A copy of the directory taken then, even with the keyring, holds
/// nothing to open.
extension ProcessTests {
    func testDeletedRowsLeaveEveryFileOfTheDataDirectoryWithinFiveSeconds() throws {
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        let admin = ["--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        XCTAssertEqual(try run(["tenant", "create", "acme"] + admin).status, 0)
        let created = try run(["apikey", "create", "--tenant", "acme", "--scopes", "profiles:read,profiles:write,data:read,data:write",
                               "--name", "erasure"] + admin)
        let secret = String(created.output.split(separator: "\n").last ?? "")
        XCTAssertTrue(secret.hasPrefix("pvk_"), created.output)
        let headers = ["Tenant": "acme", "Content-Type": "application/json", "Authorization": "Bearer " + secret,
                       "Residency-Region": "EU"]
        let (server, port, log) = try serve(["--log-level", "debug"])
        var stopped = false
        defer { if !stopped { server.terminate(); server.waitUntilExit() } }
        func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> TestResponse {
            let text = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            return try httpRequest(port: port, method: method, path: "/v1/d/pii" + path, headers: headers, body: text)
        }

        // The profile to delete, with two addresses (one deleted alone, one with the profile) and a data entry
        // large enough to need overflow pages, which its deletion puts on the free list.
        let canary = "erasure-canary-\(UUID().uuidString.lowercased())@example.org"
        let profile = try call("POST", "/profiles", ["email": canary, "full_name": "Erika Canary", "phone_number": "+4915112345678"])
        XCTAssertEqual(profile.status, 201, profile.text)
        let id = try XCTUnwrap(profile.json["id"] as? String)
        let displayID = try XCTUnwrap(profile.json["display_id"] as? String)
        let address: [String: Any] = ["full_name": "Erika Canary", "address_line_1": "Canary Wharf 1", "zip_code": "10117",
                                      "city": "Berlin", "country_code": "DE"]
        XCTAssertEqual(try call("POST", "/profiles/\(id)/addresses", address).status, 201)
        let content = (0..<20_000).map { _ in UInt8.random(in: 0...255) }
        let data = try call("POST", "/data", ["content_type": "application/octet-stream", "content": Data(content).base64EncodedString()])
        XCTAssertEqual(data.status, 201, data.text)
        let dataID = try XCTUnwrap(data.json["id"] as? String)
        // Kept: its rows must still be found by the same scan, so a scan that sees nothing proves nothing.
        let kept = try call("POST", "/profiles", ["email": "kept-\(canary)", "full_name": "Kept Canary"])
        XCTAssertEqual(kept.status, 201, kept.text)
        let path = root + "/data/vault-eu.sqlite"
        let stored = try sealedBlobs(path: path, displayID: displayID, keptDisplayID: try XCTUnwrap(kept.json["display_id"] as? String))
        // The address deleted alone: the one the profile gains now.
        let work = try call("POST", "/profiles/\(id)/addresses", address.merging(["address_line_1": "Canary Lane 2"]) { $1 })
        XCTAssertEqual(work.status, 201, work.text)
        let workID = try XCTUnwrap(work.json["id"] as? String)
        let workBlobs = Dictionary(uniqueKeysWithValues: try sealedBlobs(path: path, displayID: displayID, keptDisplayID: "")
            .profile.filter { $0.key.hasPrefix("address") && !stored.profile.values.contains($0.value) }.map { ("work " + $0.key, $0.value) })
        XCTAssertEqual(workBlobs.count, 2, "the new address's sealed fields and fingerprint")
        XCTAssertGreaterThanOrEqual(stored.profile.count, 6, stored.profile.keys.sorted().joined(separator: ", "))
        XCTAssertEqual(stored.data.count, 2, "the data entry's sealed content and lookup")

        // Each deletion route on its own: its rows leave every file within 5 s of its answer, and nothing else does.
        var live = stored.profile.merging(stored.data) { a, _ in a }.merging(stored.kept) { a, _ in a }
            .merging(workBlobs) { a, _ in a }
        let phases: [(name: String, method: String, path: String, status: Int, gone: [String: [UInt8]])] = [
            ("DELETE an address", "DELETE", "/profiles/\(id)/addresses/\(workID)", 204, workBlobs),
            ("DELETE a data entry", "DELETE", "/data/\(dataID)", 204, stored.data),
            ("POST a profile's deletion", "POST", "/profiles/\(id)/delete", 202, stored.profile),
        ]
        for phase in phases {
            let name = phase.name
            let before = dataDirectoryBytes()
            for (blob, bytes) in live { XCTAssertTrue(before.holdsAll(of: bytes), "\(name): the scan sees \(blob) while it is stored") }
            XCTAssertEqual(try call(phase.method, phase.path).status, phase.status, name)
            let deadline = Date().addingTimeInterval(5)
            var remaining: [String] = []
            repeat {
                let bytes = dataDirectoryBytes()
                remaining = phase.gone.filter { bytes.holdsAny(of: $0.value) }.map(\.key).sorted()
                if remaining.isEmpty { break }
                usleep(50_000)
            } while Date() < deadline
            XCTAssertEqual(remaining, [], "\(name): 5 s after the answer these are still in the data directory's files")
            for key in phase.gone.keys { live[key] = nil }
        }
        let after = dataDirectoryBytes()
        for (name, blob) in live { XCTAssertTrue(after.holdsAll(of: blob), "\(name) of the kept profile is still stored") }
        XCTAssertEqual(live.count, 3, "only the kept profile's rows are left")
        XCTAssertNil(after.range(of: Data(canary.utf8)), "the e-mail is never stored in clear")

        // The WAL was emptied, so the database file alone tells the free list: the pages the data entry freed
        // are on it, zeroed (secure_delete), not merely unlinked.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        XCTAssertEqual(walSize, 0, "the WAL is truncated after an erasure")
        let freeList = try freeListPages(path: path)
        XCTAssertGreaterThan(freeList.count, 0, "deleting the data entry freed its overflow pages")
        XCTAssertEqual(freeList.filter { !$0.allSatisfy { $0 == 0 } }.count, 0, "every free-list leaf page is zeroed")

        server.terminate()
        server.waitUntilExit()
        stopped = true
        // The truncation is observable (debug), and its log line names no record.
        let lines = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        let erasure = lines.filter { $0.contains("\"msg\":\"erasure checkpoint\"") }
        XCTAssertFalse(erasure.isEmpty, lines.suffix(20).joined(separator: "\n"))
        for line in erasure {
            XCTAssertFalse(line.contains(id) || line.contains(dataID) || line.contains(displayID) || line.contains(workID), String(line))
        }
    }

    /// The sealed values and index entries of the profile `displayID` (its key, fields, e-mail index, grams,
    /// addresses), of every data entry, and of the profile `keptDisplayID`. Read through a connection that is
    /// closed before returning, so it holds no snapshot that could stall the server's checkpoint.
    func sealedBlobs(path: String, displayID: String, keptDisplayID: String) throws
        -> (profile: [String: [UInt8]], data: [String: [UInt8]], kept: [String: [UInt8]]) {
        let database = try Database(path: path, mode: .readOnly)
        func rows(_ sql: String, _ values: [DatabaseValue], _ names: [String]) throws -> [String: [UInt8]] {
            var out: [String: [UInt8]] = [:]
            try database.withStatement(sql) { s in
                try s.bind(values)
                var row = 0
                while try s.step() {
                    for (column, name) in names.enumerated() where s.isBlob(Int32(column)) {
                        out["\(name) \(row)"] = s.blob(Int32(column))
                    }
                    row += 1
                }
            }
            return out
        }
        let profile = "SELECT wrapped_key, sealed, email_index FROM profiles WHERE display_id = ?"
        let number = try database.scalarInt("SELECT number FROM profiles WHERE display_id = ?", [.text(displayID)])
        var deleted = try rows(profile, [.text(displayID)], ["profile wrapped_key", "profile sealed", "profile email_index"])
        deleted.merge(try rows("SELECT sealed, fingerprint FROM addresses WHERE profile = ?", [.integer(number)],
                               ["address sealed", "address fingerprint"])) { a, _ in a }
        deleted.merge(try rows("SELECT grams FROM profile_grams_recent WHERE profile = ?", [.integer(number)], ["grams"])) { a, _ in a }
        let data = try rows("SELECT sealed, lookup FROM data_blobs", [], ["data sealed", "data lookup"])
        let kept = try rows(profile, [.text(keptDisplayID)], ["kept wrapped_key", "kept sealed", "kept email_index"])
        return (deleted, data, kept)
    }

    /// Every byte of every file in the data directory, as a copy of it would hold them.
    func dataDirectoryBytes() -> Data {
        let directory = root + "/data"
        var out = Data()
        for name in (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? [] {
            out += FileManager.default.contents(atPath: directory + "/" + name) ?? Data()
        }
        return out
    }

    /// The free list's leaf pages, read from the database file (valid when the WAL is empty): the header
    /// names the first trunk page; each trunk holds the next trunk's number, a count and its leaves' numbers.
    private func freeListPages(path: String) throws -> [ArraySlice<UInt8>] {
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func int(_ offset: Int) -> Int { file[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let rawSize = Int(file[16]) << 8 | Int(file[17])
        let pageSize = rawSize == 1 ? 65_536 : rawSize
        func page(_ number: Int) -> ArraySlice<UInt8> { file[(number - 1) * pageSize..<number * pageSize] }
        var leaves: [ArraySlice<UInt8>] = []
        var trunks = 0
        var trunk = int(32)
        while trunk != 0 {
            let base = (trunk - 1) * pageSize
            for index in 0..<int(base + 4) { leaves.append(page(int(base + 8 + 4 * index))) }
            trunks += 1
            trunk = int(base)
        }
        XCTAssertEqual(trunks + leaves.count, int(36), "the walk found every free page the header counts")
        return leaves
    }
}

extension Data {
    /// Whether any piece of `blob` occurs in these bytes. A value longer than a page's share is stored in
    /// pieces on overflow pages, so it is looked for in 32-byte pieces every 256 bytes rather than whole.
    func holdsAny(of blob: [UInt8]) -> Bool { Self.pieces(of: blob).contains { range(of: $0) != nil } }

    /// Whether the scan can see `blob` while it is stored: every piece occurs, but for the few that straddle
    /// an overflow page's 4-byte header (one per page at most, as pieces are 256 bytes apart).
    func holdsAll(of blob: [UInt8]) -> Bool {
        let pieces = Self.pieces(of: blob)
        return pieces.filter { range(of: $0) != nil }.count >= pieces.count - blob.count / 4_000
    }

    private static func pieces(of blob: [UInt8]) -> [Data] {
        guard blob.count > 256 else { return [Data(blob)] }
        return stride(from: 0, to: blob.count - 32, by: 256).map { Data(blob[$0..<$0 + 32]) }
    }
}
