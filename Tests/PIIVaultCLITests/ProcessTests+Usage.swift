import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import XCTest

/// The first hour of a new user: help that answers wherever it is asked, errors that say where to read on,
/// and a version to quote in a bug report.
extension ProcessTests {
    func testEveryCommandAndSubcommandPrintsItsOwnHelpOnStdout() throws {
        for spec in CommandTable.all {
            for arguments in [spec.words + ["--help"], spec.words + ["-h"], ["help"] + spec.words] {
                let result = try runSplit(arguments)
                let line = arguments.joined(separator: " ")
                XCTAssertEqual(result.status, 0, "\(line): \(result.stderr)")
                XCTAssertEqual(result.stdout, spec.help + "\n", line)
                XCTAssertEqual(result.stderr, "", line)
            }
        }
        for group in ["keys", "tenant", "apikey", "audit"] {
            let subcommands = CommandTable.all.filter { $0.words.count == 2 && $0.words[0] == group }
            for arguments in [[group], [group, "--help"], [group, "-h"], ["help", group]] {
                let result = try runSplit(arguments)
                XCTAssertEqual(result.status, 0, arguments.joined(separator: " "))
                for spec in subcommands {
                    XCTAssertTrue(result.stdout.contains(spec.words[1]) && result.stdout.contains(spec.summary),
                                  "\(arguments.joined(separator: " ")) does not list \(spec.name): \(result.stdout)")
                }
            }
        }
    }

    func testUnknownSubcommandsAndOptionsAreUsageErrorsThatPointToHelp() throws {
        for group in ["keys", "tenant", "apikey", "audit"] {
            let result = try runSplit([group, "frob"])
            XCTAssertEqual(result.status, 2, "\(group) frob: \(result.stdout)")
            XCTAssertEqual(result.stdout, "", group)
            XCTAssertTrue(result.stderr.contains("'frob'") && result.stderr.hasSuffix("\nsee: piivault \(group) --help\n"),
                          result.stderr)
        }
        for spec in CommandTable.all where spec.words != ["serve"] {
            let result = try runSplit(spec.words + ["--bogus"])
            XCTAssertEqual(result.status, 2, spec.name)
            XCTAssertEqual(result.stderr, "piivault: error: unknown option --bogus\nsee: \(spec.name) --help\n")
        }
        let missing = try runSplit(["apikey", "create", "--tenant", "acme"])
        XCTAssertEqual(missing.stderrLines.last, "see: piivault apikey create --help", missing.stderr)
        let unknown = try runSplit(["frobnicate"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "piivault: error: unknown command 'frobnicate'\nsee: piivault --help\n")
        XCTAssertEqual(try runSplit(["help", "tenant", "frob"]).status, 2)
    }

    func testVersion() throws {
        for arguments in [["--version"], ["version"]] {
            let result = try runSplit(arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout, "piivault \(PIIVaultVersion.current)\n")
        }
        XCTAssertTrue(try runSplit(["--help"]).stdout.contains(PIIVaultVersion.current))
    }

    func testAMisspeltScopeIsNamedWithTheValidOnes() throws {
        let result = try runSplit(["apikey", "create", "--tenant", "acme", "--scopes", "detokenize,tokenise"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("unknown scope 'tokenise'"), result.stderr)
        XCTAssertFalse(result.stderr.contains("required"), result.stderr)
        XCTAssertTrue(result.stderr.contains("tokenize, detokenize, profiles:read"), result.stderr)
    }

    /// With JSON logs (the default) every error serve writes before it listens is one JSON log line, so a
    /// collector parsing serve's stderr never meets a line it cannot read; with text logs, today's lines.
    func testServeStartUpErrorsFollowTheLogFormat() throws {
        _ = try prepare()
        let (running, port, _) = try serve(["--log-level", "warning"])
        defer { running.terminate(); running.waitUntilExit() }
        let d = ["--data-dir", root + "/data"], k = ["--keys-dir", root + "/keys"]
        let failures: [(arguments: [String], status: Int32, says: String)] = [
            (["--port", "70000"], 2, "--port must be"), (["--bogus"], 2, "unknown option --bogus"),
            (["--log-format", "xml"], 2, "--log-format must be json or text"),
            (["--port", "0"] + d + ["--keys-dir", root + "/nokeys"], 1, "missing"),
            (["--port", "0", "--data-dir", root + "/dta"] + k, 1, "no vault at"),
            (["--port", String(port)] + d + k, 1, "cannot listen"),
        ]
        for failure in failures {
            for format in [[], ["--log-format", "json"], ["--log-format=json"]] where failure.arguments[0] != "--log-format" || format.isEmpty {
                let arguments = ["serve"] + format + failure.arguments
                let result = try runSplit(arguments)
                let line = arguments.joined(separator: " ")
                XCTAssertEqual(result.status, failure.status, "\(line): \(result.stderr)")
                XCTAssertEqual(result.stdout, "", line)
                XCTAssertEqual(result.stderrLines.count, 1, "\(line): \(result.stderr)")
                for text in result.stderrLines {
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                    XCTAssertEqual(object?["level"] as? String, "error", "\(line): \(text)")
                    XCTAssertNotNil(object?["msg"] as? String, "\(line): \(text)")
                    XCTAssertTrue((object?["error"] as? String ?? "").contains(failure.says), "\(line): \(text)")
                    XCTAssertEqual(object?["exit"] as? Int, Int(failure.status), "\(line): \(text)")
                }
            }
            if failure.arguments[0] == "--log-format" { continue }
            let text = try runSplit(["serve", "--log-format", "text"] + failure.arguments)
            XCTAssertEqual(text.status, failure.status, text.stderr)
            XCTAssertTrue(text.stderr.hasPrefix("piivault: error: ") && text.stderr.contains(failure.says), text.stderr)
            if failure.status == 2 { XCTAssertTrue(text.stderr.hasSuffix("see: piivault serve --help\n"), text.stderr) }
        }
    }

    /// `--log-format text` is for a person at a terminal: request and start-up lines as `key=value` text.
    func testServeLogsTextWhenAsked() throws {
        _ = try prepare()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0", "--log-format", "text", "--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !log.contains(" port="), case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
            log += String(decoding: chunk, as: UTF8.self)
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let listening = log.split(separator: "\n").first { $0.contains(" listening ") }
        XCTAssertNotNil(listening, log)
        XCTAssertFalse(listening?.hasPrefix("{") ?? true, log)
        XCTAssertTrue(listening?.contains("data_dir=\(root!)/data") ?? false, log)
    }
}
