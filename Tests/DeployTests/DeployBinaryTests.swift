import Foundation
import HTTPTestSupport
import XCTest

/// deploy/README.md's build command, run as written: the binary it makes must run on a node without the Swift
/// toolchain of the build host. It is the documented release build, not a cheaper stand-in, because what is
/// checked (how the Swift runtime and Foundation are linked) is decided by exactly those flags; it goes to a build
/// directory of its own (`.build-deploy`, kept, so later runs only relink what changed).
final class DeployBinaryTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "deploy-binary-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch + "/bin", withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// The toolchain's `usr` directory: where the runtime libraries (`lib/swift`) and the backtracer
    /// (`libexec/swift`) of the build host are.
    func toolchain() throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/opt/swift/usr/bin"]
        guard let bin = path.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/swift") }) else {
            throw XCTSkip("no swift toolchain on PATH or at /opt/swift")
        }
        return URL(fileURLWithPath: bin + "/swift").resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    func testTheDocumentedBuildRunsWithoutTheToolchain() throws {
        let readme = try String(contentsOfFile: root + "/deploy/README.md", encoding: .utf8)
        let command = try XCTUnwrap(readme.split(separator: "\n").first { $0.hasPrefix("swift build ") }, "no build command")
        let arguments = command.split(separator: "#")[0].split(separator: " ").dropFirst().map(String.init)
            + ["--package-path", root, "--scratch-path", root + "/.build-deploy"]
        let usr = try toolchain()
        let built = try runProcess(usr + "/bin/swift", arguments, timeout: 1800)
        XCTAssertEqual(built.status, 0, built.output)
        let products = try runProcess(usr + "/bin/swift", arguments + ["--show-bin-path"])
        let binary = scratch + "/bin/piivault"
        try FileManager.default.copyItem(atPath: products.output.trimmingCharacters(in: .whitespacesAndNewlines) + "/piivault",
                                         toPath: binary)

        // Nothing it loads comes from the toolchain: the Swift runtime and Foundation are inside it.
        let libraries = try runProcess("/usr/bin/ldd", [binary])
        XCTAssertEqual(libraries.status, 0, libraries.output)
        for name in ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime", "libicu", usr, "not found"] {
            XCTAssertFalse(libraries.output.contains(name), "the deployed binary must not need \(name):\n" + libraries.output)
        }

        // The README installs the runtime's static crash backtracer beside the binary: do as it says.
        for step in ["/opt/swift/usr/libexec/swift/linux/swift-backtrace-static", "swift-backtrace-static /usr/local/bin/swift-backtrace"] {
            XCTAssertTrue(readme.contains(step), "deploy/README.md installs the backtracer: " + step)
        }
        try FileManager.default.copyItem(atPath: usr + "/libexec/swift/linux/swift-backtrace-static", toPath: scratch + "/bin/swift-backtrace")

        // Run it with the toolchain's runtime and backtracer hidden (empty directories mounted over them in a
        // mount namespace of its own) and nothing in the environment: help, keys, a tenant, a key, and a server
        // that starts and stops.
        guard (try? runProcess("/usr/bin/unshare", ["-m", "true"]))?.status == 0 else {
            throw XCTSkip("cannot hide the toolchain here (unshare -m needs root); the ldd check above passed")
        }
        let empty = scratch + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let script = """
            set -e
            mount --bind \(empty) \(usr)/lib/swift
            mount --bind \(empty) \(usr)/libexec/swift
            test ! -e \(usr)/lib/swift/linux/libswiftCore.so
            b=\(binary) s=\(scratch!)
            env -i "$b" --help | head -1
            env -i "$b" keys init --keys-dir "$s/keys" --regions EU
            env -i "$b" tenant create acme --data-dir "$s/data" --keys-dir "$s/keys" --region EU
            env -i "$b" apikey create --data-dir "$s/data" --keys-dir "$s/keys" --tenant acme --scopes tokenize | head -1
            env -i "$b" serve --port 0 --regions EU --data-dir "$s/data" --keys-dir "$s/keys" 2>"$s/serve.log" &
            server=$!
            for _ in $(seq 1 100); do grep -q '"listening"' "$s/serve.log" && break; sleep 0.1; done
            kill -TERM "$server"
            wait "$server"
            cat "$s/serve.log"
            """
        let run = try runProcess("/usr/bin/unshare", ["-m", "--propagation", "private", "/bin/sh", "-c", script], timeout: 60)
        XCTAssertEqual(run.status, 0, run.output)
        for expected in [": a residency-aware PII tokenization vault", "created tenant acme", "created key",
                         #""msg":"listening""#, #""msg":"stopped""#] {
            XCTAssertTrue(run.output.contains(expected), expected + " missing from:\n" + run.output)
        }
        XCTAssertFalse(run.output.contains("swift runtime:"), "no runtime complaint (a missing backtracer):\n" + run.output)
    }
}
