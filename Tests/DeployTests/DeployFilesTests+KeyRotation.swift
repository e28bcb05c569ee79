import Foundation
import HTTPTestSupport
import XCTest

/// The monthly key rotation of deploy/, run as written (paths moved to a scratch directory) three times
/// beside a serving node: every run rotates, re-wraps and retires all but the two newest keys, values keep
/// reading, and the crontab line runs exactly the unit's commands.
extension DeployFilesTests {
    func testMonthlyKeyRotationRunsAsWrittenAndMatchesTheCrontab() throws {
        // The template's commands for one region (the instance name is the region).
        let unit = try text("systemd/piivault-rotate-keys@.service")
        XCTAssertTrue(try text("systemd/piivault-rotate-keys@.timer").contains("OnCalendar=*-*-01 03:30:00"), "monthly")
        func commands(_ region: String) -> [String] {
            unit.split(separator: "\n").filter { $0.hasPrefix("ExecStart=") }
                .map { String($0.dropFirst("ExecStart=".count)).replacingOccurrences(of: "%i", with: region) }
        }
        XCTAssertEqual(commands("EU").count, 4)
        let cron = try text("cron/piivault-rotate-keys").split(separator: "\n").filter { $0.first?.isNumber == true }
        XCTAssertEqual(cron.count, 2, "a line per region")
        for (line, region) in zip(cron, ["EU", "US"]) {
            XCTAssertEqual(line.split(separator: " ").dropFirst(2).prefix(4).joined(separator: " "), "1 * * piivault",
                           "monthly, as the service user: \(line)")
            let chained = commands(region).map { $0.replacingOccurrences(of: "/bin/sleep", with: "sleep") }.joined(separator: " && ")
            XCTAssertTrue(line.contains("(" + chained + ")"), "the crontab runs the unit's commands:\n\(line)\n\(chained)")
        }

        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        let (keys, data) = (scratch + "/keys", scratch + "/data")
        func piivault(_ arguments: [String]) throws -> String {
            let result = try runProcess(binary, arguments, timeout: 60)
            XCTAssertEqual(result.status, 0, "piivault \(arguments.joined(separator: " ")): \(result.output)")
            return result.output
        }
        _ = try piivault(["keys", "init", "--keys-dir", keys, "--regions", "EU"])
        _ = try piivault(["tenant", "create", "acme", "--data-dir", data, "--keys-dir", keys])
        let secret = try piivault(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize,detokenize", "--data-dir", data,
                                   "--keys-dir", keys]).split(separator: "\n").last.map(String.init) ?? ""
        let headers = ["Tenant": "acme", "Content-Type": "application/json", "Authorization": "Bearer " + secret]
        let (server, port, _) = try startServer(binary, ["serve", "--port", "0", "--regions", "EU", "--data-dir", data,
                                                         "--keys-dir", keys, "--log-level", "warning"])
        defer { server.terminate(); server.waitUntilExit() }
        var tokens: [String: String] = [:]
        for month in 1...3 {
            let answer = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers, body: #"{"data":{"m\#(month)":"v\#(month)"}}"#)
            tokens.merge(try XCTUnwrap(answer.json["tokens"] as? [String: String])) { a, _ in a }
            for command in commands("EU") where !command.hasPrefix("/bin/sleep") {
                let arguments = command.replacingOccurrences(of: "/etc/piivault/keys", with: keys)
                    .replacingOccurrences(of: "/var/lib/piivault", with: data).split(separator: " ").dropFirst().map(String.init)
                _ = try piivault(arguments)
            }
            Thread.sleep(forTimeInterval: 1.1)  // instead of the unit's sleep: the server rereads its keyring
        }
        let status = try piivault(["keys", "status", "--region", "EU", "--json", "--keys-dir", keys, "--data-dir", data])
        let listed = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])?["keys"] as? [[String: Any]])
        XCTAssertEqual(listed.count, 4, "the first key and three rotations")
        XCTAssertEqual(listed.map { $0["retired"] is NSNull }, [false, false, true, true], "all but the two newest retired")
        XCTAssertEqual(listed.map { $0["rows"] as? Int }, [0, 0, 0, 3], "every data key under the primary")
        let body = try JSONSerialization.data(withJSONObject: ["tokens": tokens])
        let revealed = try httpRequest(port: port, path: "/v1/d/pii/detokenize", headers: headers, body: String(decoding: body, as: UTF8.self))
        XCTAssertEqual(revealed.json["data"] as? [String: String], ["m1": "v1", "m2": "v2", "m3": "v3"], revealed.text)
    }
}
