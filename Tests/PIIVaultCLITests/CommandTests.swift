import XCTest
@testable import PIIVaultCLI
@testable import Vault
import Clienteling

final class CommandTests: XCTestCase {
    func testServeDefaults() throws {
        guard case .serve(let options) = try Command.parse(["serve"]) else { return XCTFail() }
        XCTAssertEqual(options.host, "127.0.0.1")
        XCTAssertEqual(options.port, 8080)
        XCTAssertEqual(options.dataDirectory, "./data")
        XCTAssertEqual(options.keysDirectory, "./Keys")
        XCTAssertEqual(options.regions, [.eu, .us])
        XCTAssertEqual(options.defaultRegion, .eu)
    }

    func testServeOptions() throws {
        let command = try Command.parse(["serve", "--host", "0.0.0.0", "--port=9000", "--data-dir", "/d", "--keys-dir", "/k",
                                         "--regions", "US", "--max-connections", "10", "--log-level", "warning"])
        guard case .serve(let options) = command else { return XCTFail() }
        XCTAssertEqual(options.host, "0.0.0.0")
        XCTAssertEqual(options.port, 9000)
        XCTAssertEqual(options.dataDirectory, "/d")
        XCTAssertEqual(options.keysDirectory, "/k")
        XCTAssertEqual(options.regions, [.us])
        XCTAssertEqual(options.defaultRegion, .us, "default follows the only served region")
        XCTAssertEqual(options.maxConnections, 10)
        XCTAssertEqual(options.serverConfiguration.limits.maxConnections, 10)
        XCTAssertEqual(options.vaultConfiguration.regions, [.us])
    }

    func testProviderOptions() throws {
        guard case .serve(let defaults) = try Command.parse(["serve"]) else { return XCTFail() }
        XCTAssertEqual(defaults.provider, "local")
        let command = try Command.parse(["serve", "--provider", "twilio", "--provider-url", "http://127.0.0.1:9000",
                                         "--provider-ca-file", "/ca.pem", "--setup-document-regions", "GB=EU,CH=EU"])
        guard case .serve(let options) = command else { return XCTFail() }
        XCTAssertEqual(options.provider, "twilio")
        XCTAssertEqual(options.providerURL, "http://127.0.0.1:9000")
        XCTAssertEqual(options.providerCAFile, "/ca.pem")
        XCTAssertEqual(options.documentRegions, DocumentRegions(overrides: ["GB": "EU", "CH": "EU"]))
    }

    func testUsageErrors() {
        let bad: [[String]] = [
            ["serve", "--port", "70000"], ["serve", "--port"], ["serve", "--bogus"], ["serve", "extra"],
            ["serve", "--regions", "EU,XX"], ["serve", "--regions", "EU", "--default-region", "US"],
            ["serve", "--log-level", "loud"], ["keys", "init", "--region", "EU"], ["keys", "rotate"],
            ["keys", "explode"], ["frobnicate"], ["serve", "--port", "1", "--port", "2"],
            ["sweep", "--now", "tomorrow"], ["sweep", "--dry-run=yes"], ["sweep", "extra"],
            ["serve", "--max-data-bytes", "0"], ["serve", "--provider", "acme-telecom"],
            ["serve", "--provider-data", "/x.json", "--provider", "twilio"], ["serve", "--provider-url", "https://x.example"],
            ["serve", "--provider-ca-file", "/ca.pem"], ["serve", "--setup-document-regions", "GB=MARS"],
            ["serve", "--setup-document-regions", "UK=EU"],
        ]
        for args in bad { XCTAssertThrowsError(try Command.parse(args), args.joined(separator: " ")) }
        XCTAssertEqual(CLI.main(["serve", "--bogus"]), 2)
    }

    /// The HTTP API takes `Residency-Region: EU` exactly; so does every option, with a message saying why.
    func testRegionNamesAreExactEverywhere() throws {
        for args in [["serve", "--regions", "eu"], ["serve", "--default-region", "us"], ["keys", "init", "--regions", "EU,us"],
                     ["keys", "rotate", "--region", "eu"], ["tenant", "create", "acme", "--region", "us"],
                     ["serve", "--setup-document-regions", "GB=eu"], ["serve", "--setup-document-regions", "gb=EU"]] {
            XCTAssertThrowsError(try Command.parse(args), args.joined(separator: " ")) { error in
                if args[1] != "--setup-document-regions" {
                    XCTAssertTrue("\(error)".contains("capitals"), "\(error)")
                }
            }
        }
        guard case .tenantCreate(let tenant) = try Command.parse(["tenant", "create", "acme"]) else { return XCTFail() }
        XCTAssertNil(tenant.region, "no --region: the tenant follows each node's --default-region")
    }

    func testSweepParsing() throws {
        guard case .sweep(let options) = try Command.parse(["sweep", "--data-dir", "/d", "--keys-dir", "/k", "--dry-run",
                                                            "--now", "2027-01-01T00:00:00Z"]) else { return XCTFail() }
        XCTAssertEqual(options.dataDirectory, "/d")
        XCTAssertEqual(options.keysDirectory, "/k")
        XCTAssertTrue(options.dryRun)
        XCTAssertEqual(options.now, 1_798_761_600_000)
        guard case .sweep(let defaults) = try Command.parse(["sweep"]) else { return XCTFail() }
        XCTAssertFalse(defaults.dryRun)
        XCTAssertNil(defaults.now)
    }

    func testAdminCommandParsing() throws {
        guard case .tenantCreate(let tenant) = try Command.parse(["tenant", "create", "acme", "--region", "US"]) else { return XCTFail() }
        XCTAssertEqual(tenant.name.name, "acme")
        XCTAssertEqual(tenant.region, .us)
        XCTAssertEqual(tenant.dataDirectory, "./data")
        XCTAssertTrue(tenant.crossRegionReads, "allowed unless forbidden")
        guard case .tenantCreate(let closed) = try Command.parse(["tenant", "create", "acme", "--no-cross-region-reads"]) else {
            return XCTFail()
        }
        XCTAssertFalse(closed.crossRegionReads)
        XCTAssertNil(closed.region)
        guard case .apiKeyCreate(let key) = try Command.parse(["apikey", "create", "--tenant", "acme", "--scopes",
                                                               "tokenize,audit:read", "--expires-in", "90d", "--name", "ci"]) else {
            return XCTFail()
        }
        XCTAssertEqual(key.scopes, [.tokenize, .auditRead])
        XCTAssertEqual(key.expiresInMilliseconds, 90 * 86_400_000)
        XCTAssertEqual(key.name, "ci")
        guard case .apiKeyList(let list) = try Command.parse(["apikey", "list", "--json", "--data-dir", "/d"]) else { return XCTFail() }
        XCTAssertTrue(list.json)
        guard case .apiKeyRevoke(let revoke) = try Command.parse(["apikey", "revoke", "abc"]) else { return XCTFail() }
        XCTAssertEqual(revoke.id, "abc")
        guard case .serve(let serve) = try Command.parse(["serve", "--rate-limit", "100"]) else { return XCTFail() }
        XCTAssertEqual(serve.rateLimit, 100)
        for bad in [["tenant", "create"], ["tenant", "create", "Bad"], ["tenant", "create", "acme", "--no-cross-region-reads", "yes"],
                    ["tenant", "create", "acme", "--cross-region-reads"], ["apikey", "create", "--tenant", "acme"],
                    ["apikey", "create", "--tenant", "acme", "--scopes", "read-everything"],
                    ["apikey", "create", "--tenant", "acme", "--scopes", "tokenize,,detokenize"],
                    ["apikey", "create", "--tenant", "acme", "--scopes", "tokenize", "--expires-in", "soon"],
                    ["apikey", "create", "--tenant", "acme", "--scopes", "tokenize", "--name", "two\nlines"],
                    ["apikey", "create", "--tenant", "acme", "--scopes", "tokenize", "--name", "esc\u{1b}[31mred"],
                    ["apikey", "revoke"], ["apikey", "frob"], ["serve", "--rate-limit", "0"]] {
            XCTAssertThrowsError(try Command.parse(bad), bad.joined(separator: " "))
        }
    }

    func testEveryCommandHasHelp() throws {
        for args in [["--help"], [], ["serve", "--help"], ["keys", "--help"], ["keys", "init", "--help"],
                     ["keys", "rotate", "--help"], ["tenant", "create", "--help"], ["apikey", "create", "--help"],
                     ["apikey", "list", "--help"], ["apikey", "revoke", "--help"], ["apikey"], ["sweep", "--help"]] {
            guard case .help(let text) = try Command.parse(args) else { return XCTFail(args.joined(separator: " ")) }
            XCTAssertTrue(text.contains("USAGE"), args.joined(separator: " "))
        }
        guard case .help(let serveHelp) = try Command.parse(["serve", "--help"]) else { return XCTFail() }
        for option in ["--host", "--port", "--data-dir", "--keys-dir", "--regions", "--default-region"] {
            XCTAssertTrue(serveHelp.contains(option), option)
        }
    }

    func testKeysInitIsIdempotentAndRotateAddsAPrimary() throws {
        let directory = NSTemporaryDirectory() + "keys-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard case .keysInit(let options) = try Command.parse(["keys", "init", "--keys-dir", directory]) else { return XCTFail() }
        XCTAssertEqual(try KeysCommand.initialize(options).filter { $0.hasPrefix("created") }.count, 3, "EU, US and control")
        let before = try String(contentsOfFile: directory + "/EU.keyring", encoding: .utf8)
        XCTAssertEqual(try KeysCommand.initialize(options).filter { $0.hasPrefix("kept") }.count, 3)
        XCTAssertEqual(try String(contentsOfFile: directory + "/EU.keyring", encoding: .utf8), before)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/US.keyring")
        XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o600)
        guard case .keysRotate(let rotate) = try Command.parse(["keys", "rotate", "--keys-dir", directory, "--region", "EU"]) else {
            return XCTFail()
        }
        XCTAssertTrue(try KeysCommand.rotate(rotate).contains("2 keys"))
        let after = try String(contentsOfFile: directory + "/EU.keyring", encoding: .utf8)
        XCTAssertTrue(after.contains(before.split(separator: "\n").last!), "the old key is kept")
    }
}
