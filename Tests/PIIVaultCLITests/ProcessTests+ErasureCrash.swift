import Foundation
import HTTPTestSupport
import XCTest

extension ProcessTests {
    /// A server killed between a deletion's answer and its WAL truncation leaves the deleted pages in the
    /// WAL; the next start must finish the erasure within the same 5 s, not wait for another deletion.
    func testAnErasureInterruptedByACrashIsFinishedAtTheNextStart() throws {
        XCTAssertEqual(try run(["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        let admin = ["--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        XCTAssertEqual(try run(["tenant", "create", "acme", "--region", "EU"] + admin).status, 0)
        let created = try run(["apikey", "create", "--tenant", "acme", "--scopes", "profiles:read,profiles:write"] + admin)
        let headers = ["Tenant": "acme", "Content-Type": "application/json",
                       "Authorization": "Bearer " + String(created.output.split(separator: "\n").last ?? "")]
        let (server, port, _) = try serve(["--log-level", "warning"])
        let made = try httpRequest(port: port, path: "/v1/d/pii/profiles", headers: headers,
                                   body: #"{"email":"crash-canary@example.org","full_name":"Crash Canary"}"#)
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"] as? String)
        let blobs = try sealedBlobs(path: root + "/data/vault-eu.sqlite",
                                    displayID: try XCTUnwrap(made.json["display_id"] as? String), keptDisplayID: "").profile
        XCTAssertFalse(blobs.isEmpty)
        XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/profiles/\(id)/delete", headers: headers, body: "").status, 202)
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        let left = dataDirectoryBytes()
        XCTAssertTrue(blobs.values.contains { left.holdsAny(of: $0) }, "the kill came before the truncation (else this proves nothing)")

        let (again, _, _) = try serve(["--log-level", "warning"])
        defer { again.terminate(); again.waitUntilExit() }
        let deadline = Date().addingTimeInterval(5)
        var remaining = blobs.keys.sorted()
        while !remaining.isEmpty, Date() < deadline {
            usleep(100_000)
            let bytes = dataDirectoryBytes()
            remaining = blobs.filter { bytes.holdsAny(of: $0.value) }.keys.sorted()
        }
        XCTAssertEqual(remaining, [], "still in the data directory 5 s after the restart")
    }
}
