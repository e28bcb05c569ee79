import Foundation
import HTTPTestSupport
@testable import PIIVaultCLI
import StoreTestSupport
import VaultStore
import XCTest

/// `piivault migrate-store` with the real binary: a SQLite vault with tokens and profiles in both regions is
/// copied into PostgreSQL, verified, served from there (the same tokens reveal the same values), and a second
/// run finds everything in place and copies nothing twice.
final class MigrateStoreTests: XCTestCase {
    func testASQLiteVaultMovesToPostgreSQLAndServesTheSameAnswers() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        let server = try TestStores.postgres()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        let root = NSTemporaryDirectory() + "migrate-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (keys, data) = (root + "/keys", root + "/data")
        func piivault(_ arguments: [String]) throws -> String {
            let result = try runProcess(binary, arguments, timeout: 120)
            XCTAssertEqual(result.status, 0, "\(arguments.prefix(2)): \(result.output)")
            return result.output
        }
        _ = try piivault(["keys", "init", "--keys-dir", keys])
        _ = try piivault(["tenant", "create", "acme", "--keys-dir", keys, "--data-dir", data])
        let secret = try piivault(["apikey", "create", "--tenant", "acme", "--scopes", "tokenize,detokenize,profiles:read,profiles:write,setup:read,setup:write",
                                   "--keys-dir", keys, "--data-dir", data]).split(separator: "\n").last.map(String.init) ?? ""
        let headers = ["Authorization": "Bearer " + secret, "Tenant": "acme", "Content-Type": "application/json"]

        var (process, port, _) = try startServer(binary, ["serve", "--port", "0", "--keys-dir", keys, "--data-dir", data])
        var tokens: [String: String] = [:]
        for region in ["EU", "US"] {
            for i in 0..<20 {
                let value = "\(region.lowercased())-\(i)@example.org"
                let response = try httpRequest(port: port, path: "/v1/d/pii/tokenize", headers: headers.merging(["Residency-Region": region]) { a, _ in a },
                                                body: "{\"data\":{\"v\":\"\(value)\"}}")
                let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                tokens[try XCTUnwrap((body?["tokens"] as? [String: String])?["v"])] = value
            }
            XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/profiles", headers: headers.merging(["Residency-Region": region]) { a, _ in a },
                                           body: "{\"email\":\"p-\(region)@example.org\",\"full_name\":\"P \(region)\"}").status, 201)
        }
        // The clienteling set-up data goes too, into the control database.
        XCTAssertEqual(try httpRequest(port: port, method: "PUT", path: "/setup/stores/ny", headers: headers,
                                       body: "{\"name\":\"Fifth Avenue\",\"country_code\":\"US\",\"landline\":\"+12025550100\"}").status, 201)
        XCTAssertEqual(try httpRequest(port: port, path: "/setup/retailers", headers: headers,
                                       body: "{\"ecom_link\":\"https://shop.example\"}").status, 204)
        process.terminate()
        process.waitUntilExit()

        let target = server.conninfo("migrated_\(getpid())")
        let first = try piivault(["migrate-store", "--from", data, "--to", target, "--keys-dir", keys])
        XCTAssertTrue(first.contains("EU tokens: 20 rows copied in this run, 20 of 20 in place"), first)
        XCTAssertTrue(first.contains("US: 21 records, intact"), first)
        XCTAssertTrue(first.contains("setup stores: 1 rows copied in this run, 1 of 1 in place"), first)
        XCTAssertTrue(first.contains("setup: 2 records, intact"), first)
        XCTAssertTrue(first.contains("copied and verified"), first)
        let base = "postgresql://vault@127.0.0.1:\(server.port)/migrated_\(getpid())"
        // A copy still being made (as an interrupted run leaves it) is refused by serve until a run finishes it.
        _ = try server.sql("INSERT INTO meta(key, value) VALUES('migrating', 'migrate-store')", database: "migrated_\(getpid())_eu")
        let refused = try runProcess(binary, ["serve", "--port", "0", "--keys-dir", keys, "--data-dir", root + "/early",
                                              "--store", "EU=\(base)_eu,US=\(base)_us", "--control-store", "\(base)_control"], timeout: 30)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.output.contains("has not finished"), refused.output)
        let again = try piivault(["migrate-store", "--from", data, "--to", target, "--keys-dir", keys])
        XCTAssertTrue(again.contains("EU tokens: 0 rows copied in this run, 20 of 20 in place"), again)

        (process, port, _) = try startServer(binary, ["serve", "--port", "0", "--keys-dir", keys, "--data-dir", root + "/node",
                                                      "--store", "EU=\(base)_eu,US=\(base)_us", "--control-store", "\(base)_control"])
        defer { process.terminate(); process.waitUntilExit() }
        for (token, value) in tokens {
            let response = try httpRequest(port: port, path: "/v1/d/pii/detokenize", headers: headers, body: "{\"tokens\":{\"v\":\"\(token)\"}}")
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            XCTAssertEqual((body?["data"] as? [String: String])?["v"], value)
        }
        let store = try httpRequest(port: port, method: "GET", path: "/setup/stores/ny", headers: headers)
        XCTAssertTrue(store.text.contains("Fifth Avenue"), store.text)
        XCTAssertEqual(try httpRequest(port: port, path: "/setup/retailers", headers: headers,
                                       body: "{\"ecom_link\":\"https://shop.example\"}").status, 409, "configured, in the copy")
        // A new profile after the copy takes the next row number (the identity sequence follows the copied rows).
        XCTAssertEqual(try httpRequest(port: port, path: "/v1/d/pii/profiles", headers: headers,
                                       body: "{\"email\":\"after@example.org\"}").status, 201)
    }

    /// A tenant that forbids cross-region reads still forbids them in the copy; a source made before the
    /// flag existed (never opened by a build that has it) is copied too, its tenants allowing them as they did.
    func testTheCrossRegionFlagIsCopiedAndASourceFromBeforeItCopiesAsAllowed() throws {
        guard StoreWiring.hasPostgreSQL else { throw XCTSkip("this build has no PostgreSQL engine") }
        let server = try TestStores.postgres()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        let root = NSTemporaryDirectory() + "migrate-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let keys = root + "/keys"
        func piivault(_ arguments: [String]) throws -> String {
            let result = try runProcess(binary, arguments, timeout: 120)
            XCTAssertEqual(result.status, 0, "\(arguments.prefix(2)): \(result.output)")
            return result.output
        }
        _ = try piivault(["keys", "init", "--keys-dir", keys])
        let tenants: [(data: String, tenant: String, extra: [String])] = [("new", "acme", []), ("new", "zeta", ["--no-cross-region-reads"]),
                                                                          ("old", "acme", [])]
        for (data, tenant, extra) in tenants {
            _ = try piivault(["tenant", "create", tenant, "--keys-dir", keys, "--data-dir", root + "/" + data] + extra)
        }
        let old = try Database(path: root + "/old/control.sqlite")
        try old.inTransaction {
            try old.execute("DROP TABLE tenant_settings; ALTER TABLE tenants DROP COLUMN cross_region_reads; PRAGMA user_version=2")
        }

        for (data, expected) in [("new", "acme|1\nzeta|0"), ("old", "acme|1")] {
            let name = "flag_\(data)_\(getpid())"
            XCTAssertTrue(try piivault(["migrate-store", "--from", root + "/" + data, "--to", server.conninfo(name), "--keys-dir", keys])
                .contains("copied and verified"))
            XCTAssertEqual(try server.sql("SELECT name, cross_region_reads FROM tenants ORDER BY name", database: name + "_control"),
                           expected, data)
        }
    }
}
