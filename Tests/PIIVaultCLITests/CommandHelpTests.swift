import Foundation
import Logging
@testable import PIIVaultCLI
@testable import Vault
import XCTest

/// Parsing of help, usage errors, scopes and the rotation question, in process.
final class CommandHelpTests: XCTestCase {
    func testEveryFormHasHelpNamingItselfAndEveryWayOfAskingGivesIt() throws {
        for spec in CommandTable.all {
            XCTAssertTrue(spec.help.hasPrefix("USAGE: \(spec.name)"), spec.name)
            for arguments in [spec.words + ["--help"], spec.words + ["-h"], ["help"] + spec.words, spec.words + ["--help", "--bogus"]] {
                XCTAssertEqual(try Command.parse(arguments), .help(spec.help), arguments.joined(separator: " "))
            }
        }
        XCTAssertEqual(try Command.parse(["help"]), .help(Command.usage))
        XCTAssertEqual(try Command.parse(["-h"]), .help(Command.usage))
        XCTAssertEqual(try Command.parse(["--version"]), .version)
        XCTAssertEqual(try Command.parse(["version"]), .version)
        // `-h` is help only where an option may stand, not as an option's value.
        guard case .apiKeyCreate(let key) = try Command.parse(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize",
                                                               "--name", "-h"]) else { return XCTFail() }
        XCTAssertEqual(key.name, "-h")
    }

    func testUsageErrorsNameTheHelpToRead() {
        let cases: [([String], String)] = [
            (["tenant", "frob"], "piivault tenant --help"), (["keys", "frob"], "piivault keys --help"),
            (["apikey", "create", "--bogus"], "piivault apikey create --help"), (["tenant", "list", "extra"], "piivault tenant list --help"),
            (["frob"], "piivault --help"), (["help", "frob"], "piivault --help"), (["help", "sweep", "now"], "piivault help --help"),
            (["keys", "rotate", "--region", "EU", "--yes=no"], "piivault keys rotate --help"),
            (["keys", "init", "--data-dir", "d"], "piivault keys init --help"), (["version", "2"], "piivault version --help"),
        ]
        for (arguments, see) in cases {
            XCTAssertThrowsError(try Command.parse(arguments), arguments.joined(separator: " ")) { error in
                XCTAssertEqual((error as? UsageError)?.see, see, arguments.joined(separator: " "))
                XCTAssertTrue((error as? UsageError)?.text.hasSuffix("\nsee: \(see)") ?? false)
            }
        }
    }

    func testTenantListAndRotateOptions() throws {
        guard case .tenantList(let list) = try Command.parse(["tenant", "list", "--data-dir", "/d", "--keys-dir", "/k", "--json"]) else {
            return XCTFail()
        }
        XCTAssertEqual([list.dataDirectory, list.keysDirectory], ["/d", "/k"])
        XCTAssertTrue(list.json)
        guard case .keysRotate(let rotate) = try Command.parse(["keys", "rotate", "--region", "US", "--data-dir", "/d", "--yes"]) else {
            return XCTFail()
        }
        XCTAssertEqual(rotate.dataDirectory, "/d")
        XCTAssertTrue(rotate.yes)
        guard case .keysRotate(let plain) = try Command.parse(["keys", "rotate", "--region", "US"]) else { return XCTFail() }
        XCTAssertEqual(plain.dataDirectory, "./data")
        XCTAssertFalse(plain.yes)
    }

    func testScopesAreNamedWhenMisspelt() throws {
        XCTAssertEqual(try APIKeyCreateOptions.scopes("tokenize, audit:read"), [.tokenize, .auditRead])
        XCTAssertEqual(try APIKeyCreateOptions.scopes("customer:profile:read"), [.profilesRead, .dataRead, .detokenize])
        for (list, says) in [("tokenise", "unknown scope 'tokenise'"), ("tokenize,Detokenize", "unknown scope 'Detokenize'"),
                             (",", "empty entry"), ("tokenize,,detokenize", "empty entry"), ("tokenize,", "empty entry"),
                             ("", "empty entry"), (nil, "--scopes is required")] as [(String?, String)] {
            XCTAssertThrowsError(try APIKeyCreateOptions.scopes(list)) { error in
                XCTAssertTrue("\(error)".contains(says) && "\(error)".contains("customer:profile:write"), "\(error)")
            }
        }
    }

    func testServeErrorsFormatIsReadFromTheRawArguments() {
        XCTAssertEqual(ErrorReport.format(of: ["serve", "--bogus"]), .json)
        XCTAssertEqual(ErrorReport.format(of: ["serve", "--bogus", "--log-format", "text"]), .text)
        XCTAssertEqual(ErrorReport.format(of: ["serve", "--log-format=text", "--port", "x"]), .text)
        XCTAssertEqual(ErrorReport.format(of: ["serve", "--log-format", "xml"]), .json)
        XCTAssertEqual(ErrorReport.format(of: ["sweep", "--log-format", "json"]), .text, "only serve writes logs")
        guard case .serve(let options) = try? Command.parse(["serve", "--log-format", "text"]) else { return XCTFail() }
        XCTAssertEqual(options.logFormat, .text)
    }

    func testTextTableColumnsFitTheWidestCell() {
        var table = TextTable(["A", "B", "C"])
        table.append(["a-long-cell", "b", "c"])
        table.append(["x", "a-longer-cell-still", "z"])
        XCTAssertEqual(table.lines, ["A            B                    C",
                                     "a-long-cell  b                    c",
                                     "x            a-longer-cell-still  z"])
    }

    func testRotationAsksOnlyWhenTheKeyringWrapsData() throws {
        let root = NSTemporaryDirectory() + "consent-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        guard case .keysInit(let initOptions) = try Command.parse(["keys", "init", "--keys-dir", root + "/keys"]) else { return XCTFail() }
        _ = try KeysCommand.initialize(initOptions)
        guard case .keysRotate(let options) = try Command.parse(["keys", "rotate", "--region", "EU", "--keys-dir", root + "/keys",
                                                                 "--data-dir", root + "/data"]) else { return XCTFail() }
        var asked = 0
        let never: (String) -> String? = { _ in asked += 1; return "yes" }
        XCTAssertThrowsError(try RotationConsent.obtain(options, onTerminal: false, ask: never), "no vault there: cannot tell") {
            XCTAssertTrue(String(describing: $0).contains("no vault at " + root + "/data"), String(describing: $0))
        }
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/data/control.sqlite", contents: Data())
        try RotationConsent.obtain(options, onTerminal: false, ask: never)
        XCTAssertEqual(asked, 0, "a vault without an EU database: nothing wrapped")
        _ = FileManager.default.createFile(atPath: root + "/data/vault-eu.sqlite", contents: Data())
        XCTAssertThrowsError(try RotationConsent.obtain(options, onTerminal: false, ask: never)) { XCTAssertTrue($0 is UsageError) }
        XCTAssertThrowsError(try RotationConsent.obtain(options, onTerminal: true) { _ in "no" }) {
            XCTAssertTrue($0 is RotationConsent.Declined)
        }
        XCTAssertThrowsError(try RotationConsent.obtain(options, onTerminal: true) { _ in nil }, "end of input is no")
        try RotationConsent.obtain(options, onTerminal: true) { question in
            XCTAssertTrue(question.contains(root + "/data/vault-eu.sqlite"), question)
            return "yes"
        }
        var flagged = options
        flagged.yes = true
        try RotationConsent.obtain(flagged, onTerminal: false, ask: never)
        XCTAssertEqual(asked, 0)
    }
}
