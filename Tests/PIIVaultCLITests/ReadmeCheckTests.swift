import Foundation
import HTTPTestSupport
import XCTest

/// `scripts/readme-check`: the README's examples, pasted in order into a fresh shell after `scripts/run`, print
/// what the README shows (run against a fresh server of the binary this suite built).
final class ReadmeCheckTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
    var scratch: String!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            throw XCTSkip("curl is not installed (scripts/setup installs it)")
        }
        scratch = NSTemporaryDirectory() + "readme-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    func check(_ readme: String? = nil) throws -> (status: Int32, output: String) {
        try runProcess("/usr/bin/env", ["PIIVAULT_BIN=" + binary, root + "/scripts/readme-check"] + (readme.map { [$0] } ?? []),
                       timeout: 400)
    }

    func testTheREADMEsExamplesPrintWhatItShows() throws {
        let result = try check()
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("readme-check: all "), result.output)
    }

    /// The check itself: a wrong answer, a failing command and carried-over shell state are each told apart.
    func testTheCheckFailsOnAnAnswerTheREADMEDoesNotShow() throws {
        let fence = "```"
        let wrong = scratch + "/wrong.md"
        try """
            \(fence)sh
            $ X=ok; curl -s localhost:8080/healthz
            {"status":"...","regions":["EU","US"]}
            $ echo "$X"
            ok
            $ curl -s localhost:8080/healthz
            {"status":"down",...}
            \(fence)
            """.write(toFile: wrong, atomically: true, encoding: .utf8)
        let mismatch = try check(wrong)
        XCTAssertEqual(mismatch.status, 1, mismatch.output)
        XCTAssertTrue(mismatch.output.contains("example 3 printed something else"), mismatch.output)

        let failing = scratch + "/failing.md"
        try "\(fence)sh\n$ curl -sf localhost:8080/no-such-path\n\(fence)\n".write(toFile: failing, atomically: true, encoding: .utf8)
        let status = try check(failing)
        XCTAssertEqual(status.status, 1, status.output)
        XCTAssertTrue(status.output.contains("example 1 exited with status 22"), status.output)
    }
}
