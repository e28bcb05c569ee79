import Foundation
import HTTPServer
import HTTPTestSupport
import VaultAPI
import XCTest

/// The files of deploy/: valid for the tools that read them (where those tools are installed; CI installs
/// them), and in agreement with the service they run.
final class DeployFilesTests: XCTestCase {
    let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy").path
    /// Templates are checked as their EU instance (`@.` becomes `@EU.`).
    let units = ["piivault.service", "piivault-sweep.service", "piivault-sweep.timer", "piivault-rotate-keys@.service",
                 "piivault-rotate-keys@.timer"]
    var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "deploy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    func text(_ path: String) throws -> String { try String(contentsOfFile: deploy + "/" + path, encoding: .utf8) }

    /// Runs a tool found on PATH (or skips when it is not installed): status and combined output.
    func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = ["/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw XCTSkip("\(name) is not installed (CI installs it)") }
        return try runProcess(path, arguments)
    }

    func testSystemdUnitsVerifyCleanly() throws {
        // verify insists that ExecStart exists: point it at the binary just built.
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/piivault"
        let instances = units.map { $0.replacingOccurrences(of: "@.", with: "@EU.") }
        for (unit, instance) in zip(units, instances) {
            try text("systemd/" + unit).replacingOccurrences(of: "/usr/local/bin/piivault", with: binary)
                .write(toFile: scratch + "/" + instance, atomically: true, encoding: .utf8)
        }
        let result = try tool("systemd-analyze", ["verify", "--man=no"] + instances.map { scratch + "/" + $0 })
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output.trimmingCharacters(in: .whitespacesAndNewlines), "", "warnings count as failures")
    }

    func testUnitsAreHardenedAsDocumented() throws {
        let service = try text("systemd/piivault.service")
        for line in ["User=piivault", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes",
                     "ReadWritePaths=/var/lib/piivault", "ReadOnlyPaths=/etc/piivault/keys", "Restart=on-failure",
                     "LimitCORE=0"] {
            XCTAssertTrue(service.split(separator: "\n").contains { $0 == line }, line)
        }
        let sweep = try text("systemd/piivault-sweep.service")
        XCTAssertTrue(sweep.contains("Type=oneshot"))
        XCTAssertTrue(try text("systemd/piivault-sweep.timer").contains("OnCalendar=hourly"))
        // The crontab line runs exactly what the sweep unit runs, as the same user, once an hour.
        let exec = try XCTUnwrap(sweep.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }?.dropFirst("ExecStart=".count))
        let entry = try XCTUnwrap(try text("cron/piivault-sweep").split(separator: "\n").first { $0.first?.isNumber == true })
        let fields = entry.split(separator: " ", maxSplits: 6)
        XCTAssertEqual(fields.count, 7)
        XCTAssertEqual(fields[1...4].joined(separator: " "), "* * * *", "hourly")
        XCTAssertEqual(fields[5], "piivault")
        XCTAssertTrue(fields[6].hasPrefix(exec), String(fields[6]))
    }

    func testNginxConfigPassesNginxT() throws {
        let certificate = scratch + "/cert.pem", key = scratch + "/key.pem"
        let made = try tool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                        "-days", "1", "-subj", "/CN=test"])
        XCTAssertEqual(made.status, 0, made.output)
        let site = try text("nginx/piivault.conf")
            .replacingOccurrences(of: "/etc/piivault/tls/fullchain.pem", with: certificate)
            .replacingOccurrences(of: "/etc/piivault/tls/privkey.pem", with: key)
            .replacingOccurrences(of: "/var/log/nginx/piivault.access.log", with: scratch + "/access.log")
        try site.write(toFile: scratch + "/site.conf", atomically: true, encoding: .utf8)
        try "pid \(scratch!)/nginx.pid;\nerror_log \(scratch!)/error.log;\nevents {}\nhttp {\n    include \(scratch!)/site.conf;\n}\n"
            .write(toFile: scratch + "/nginx.conf", atomically: true, encoding: .utf8)
        let result = try tool("nginx", ["-t", "-c", scratch + "/nginx.conf", "-p", scratch + "/"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("test is successful"), result.output)
    }

    func testNginxLimitsMatchTheService() throws {
        let config = try text("nginx/piivault.conf")
        func value(_ directive: String, after marker: String? = nil) -> String? {
            var body = Substring(config)
            if let marker, let range = config.range(of: marker) { body = config[range.upperBound...] }
            let line = body.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(directive + " ") }
            return line?.trimmingCharacters(in: .whitespaces).dropFirst(directive.count + 1).split(separator: ";").first
                .map { String($0.split(separator: " ").last!) }
        }
        func bytes(_ text: String?) -> Int? {
            guard let text, let number = Int(text.dropLast()) else { return Int(text ?? "") }
            switch text.last { case "k": return number << 10; case "m": return number << 20; default: return nil }
        }
        func milliseconds(_ text: String?) -> Int64? { text.flatMap { Int64($0.dropLast()) }.map { $0 * 1000 } }
        let limits = ServerConfiguration.Limits()
        XCTAssertEqual(bytes(value("client_max_body_size")), limits.maxBodyBytes)
        XCTAssertEqual(bytes(value("client_body_buffer_size")), limits.maxBodyBytes, "bodies stay in memory")
        XCTAssertEqual(bytes(value("client_header_buffer_size")), limits.maxRequestLineBytes)
        XCTAssertEqual(bytes(value("large_client_header_buffers")), limits.maxHeaderBytes)
        XCTAssertEqual(milliseconds(value("client_header_timeout")), limits.headerTimeoutMilliseconds)
        XCTAssertEqual(milliseconds(value("client_body_timeout")), limits.bodyTimeoutMilliseconds)
        XCTAssertEqual(milliseconds(value("keepalive_timeout")), limits.idleTimeoutMilliseconds)
        XCTAssertEqual(milliseconds(value("send_timeout")), limits.writeTimeoutMilliseconds)
        let upload = try XCTUnwrap(bytes(value("client_max_body_size", after: "location = /v1/d/pii/data")))
        let needed = try XCTUnwrap(PIIRoutes.largeBodies().first?.maxBytes)
        XCTAssertGreaterThanOrEqual(upload, needed)
        XCTAssertLessThan(upload, needed + (1 << 20))
        XCTAssertTrue(config.contains("proxy_set_header X-Request-Id"))
        XCTAssertTrue(config.contains("proxy_max_temp_file_size 0;"))
    }
}
