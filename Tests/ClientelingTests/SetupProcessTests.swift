import Foundation
import HTTPTestSupport
import VaultStore
import XCTest

/// `piivault serve` itself with each provider: the flags, the credentials file, the logs, and a bought
/// number that stays bought across kill -9.
final class SetupProcessTests: XCTestCase {
    private var root = ""
    private var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
    }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "setup-proc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func prepare() throws -> [String: String] {
        let common = ["--data-dir", root + "/data", "--keys-dir", root + "/keys"]
        XCTAssertEqual(try runProcess(binary, ["keys", "init", "--keys-dir", root + "/keys"]).status, 0)
        XCTAssertEqual(try runProcess(binary, ["tenant", "create", "acme"] + common).status, 0)
        let created = try runProcess(binary, ["apikey", "create", "--tenant", "acme", "--scopes", "setup:read,setup:write"] + common)
        let secret = String(created.output.split(separator: "\n").last ?? "")
        XCTAssertTrue(secret.hasPrefix("pvk_"), created.output)
        return ["Tenant": "acme", "Content-Type": "application/json", "Authorization": "Bearer " + secret]
    }

    private func serve(_ extra: [String]) throws -> (Process, Int, Pipe) {
        try startServer(binary, ["serve", "--port", "0", "--data-dir", root + "/data", "--keys-dir", root + "/keys"] + extra)
    }

    /// Registers store `ny` (US) and returns the first number the sandbox offers it.
    private func registerNewYork(port: Int, headers: [String: String]) throws -> String {
        XCTAssertEqual(try httpRequest(port: port, method: "PUT", path: "/setup/stores/ny", headers: headers,
                                       body: try body(["name": "NY", "country_code": "US", "landline": "+12125550100"])).status, 201)
        let offered = try JSONSerialization.jsonObject(with: Data(try httpRequest(
            port: port, method: "GET", path: "/setup/stores/ny/available_phone_numbers", headers: headers).body)) as? [[String: String]]
        return try XCTUnwrap(offered?.first?["phone_number"])
    }

    private func body(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    func testTwilioProviderFromTheCommandLine() throws {
        let headers = try prepare()
        do {
            _ = try serve(["--provider", "twilio", "--provider-url", "http://127.0.0.1:9"])
            XCTFail("started without credentials")
        } catch let error as ServerStartFailure {
            XCTAssertTrue(error.output.contains("twilio.credentials is missing"), error.output)
        }
        let refused = try runProcess(binary, ["serve", "--provider", "twilio", "--provider-url", "http://example.com"])
        XCTAssertNotEqual(refused.status, 0)
        let fake = try FakeTwilio()
        try FakeTwilio.writeCredentials(keysDirectory: root + "/keys")
        let (process, port, pipe) = try serve(["--provider", "twilio", "--provider-url", fake.url, "--log-level", "debug"])
        let store = try httpRequest(port: port, method: "PUT", path: "/setup/stores/jax", headers: headers,
                                    body: try body(["name": "Jacksonville", "country_code": "US", "landline": "+19045550199"]))
        XCTAssertEqual(store.status, 201, store.text)
        let onboard = try httpRequest(port: port, method: "POST", path: "/setup/stores/jax?enable=true", headers: headers,
                                      body: try body(["phone_number": "+19045550103"]))
        XCTAssertEqual(onboard.status, 204, onboard.text)
        XCTAssertTrue(fake.requests.withLock { $0.contains { $0.method == "POST" && $0.body == "PhoneNumber=%2B19045550103" } })
        fake.mode.withLock { $0 = .serverError }
        XCTAssertEqual(try httpRequest(port: port, method: "GET", path: "/setup/trust-products", headers: headers).status, 502)
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertFalse(log.contains(FakeTwilio.authToken), "the log shows the auth token")
        XCTAssertTrue(log.contains("/setup/stores/{store_id}"), "requests are logged by route")
        XCTAssertTrue(log.contains("telephony provider failed") && log.contains("HTTP 500"), log)
    }

    /// A crash between the provider's sale and our record leaves a reservation and a sold number; the next
    /// `serve` settles it by itself.
    func testServeSettlesAPurchaseACrashLeftPending() throws {
        let headers = try prepare()
        var (process, port, _) = try serve([])
        let number = try registerNewYork(port: port, headers: headers)
        process.terminate()
        process.waitUntilExit()
        // What the crash left: the store's reservation, and the sandbox's record of the sale.
        try Database(path: root + "/data/clienteling.sqlite").execute("""
            INSERT INTO number_claims(phone_number, tenant, store_id, bundle_sid, address_sid, enable, claimed_at)
            VALUES('\(number)', 'acme', 'ny', NULL, NULL, 1, 1)
            """)
        try Database(path: root + "/data/provider-local.sqlite").execute("""
            INSERT INTO bought(phone_number, sid, bundle_sid, address_sid, bought_at) VALUES('\(number)', 'PN00', NULL, NULL, 1)
            """)
        (process, port, _) = try serve([])
        defer { process.terminate(); process.waitUntilExit() }
        var store: [String: Any] = [:]
        for _ in 0..<50 {
            store = try httpRequest(port: port, method: "GET", path: "/setup/stores/ny", headers: headers).json
            if store["number_status"] as? String == "active" { break }
            usleep(100_000)
        }
        XCTAssertEqual(store["number_status"] as? String, "active")
        XCTAssertEqual(store["phone_number"] as? String, number)
        XCTAssertEqual(store["enabled"] as? Bool, true)
    }

    func testABoughtSandboxNumberStaysBoughtAfterKill9() throws {
        let headers = try prepare()
        var (process, port, _) = try serve([])
        let number = try registerNewYork(port: port, headers: headers)
        XCTAssertEqual(try httpRequest(port: port, method: "POST", path: "/setup/stores/ny", headers: headers,
                                       body: try body(["phone_number": number])).status, 204)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        (process, port, _) = try serve([])
        defer { process.terminate(); process.waitUntilExit() }
        let store = try httpRequest(port: port, method: "GET", path: "/setup/stores/ny", headers: headers).json
        XCTAssertEqual(store["phone_number"] as? String, number)
        let after = try httpRequest(port: port, method: "GET", path: "/setup/stores/ny/available_phone_numbers", headers: headers).text
        XCTAssertFalse(after.contains(number))
        let verify = try runProcess(binary, ["audit", "verify", "--data-dir", root + "/data", "--keys-dir", root + "/keys"])
        XCTAssertTrue(verify.output.contains("setup: 3 records, intact"), verify.output)
    }
}
