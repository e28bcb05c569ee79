import Foundation
import HTTPTestSupport
import Locking

/// A real PostgreSQL server for tests: initialized in a temporary directory, on a free port of 127.0.0.1,
/// as a non-root user (`initdb` refuses root: as root it runs as the `postgres` account the Debian package
/// creates), trusted local connections for the user `vault`, removed at exit. Nothing is mocked.
/// `fsync=off` keeps tests fast; a test that needs a power cut's semantics does not run here, and a kill of
/// the server keeps what the OS holds either way.
public final class TestPostgres: @unchecked Sendable {
    public let port: Int
    public let directory: String
    private let runAs: String?
    private static let binaries = findBinaries()
    private static let started = Locked<[String]>([])
    private static let counter = Locked(0)

    /// The server every test of this process shares, started on first use, or why this machine cannot run
    /// one.
    public static let shared: Result<TestPostgres, TestPostgresError> = Result { () throws(TestPostgresError) -> TestPostgres in
        do { return try TestPostgres() } catch let error as TestPostgresError { throw error } catch {
            throw TestPostgresError("\(error)")
        }
    }

    /// A new server (a failover test starts two). `settings`: extra `postgresql.conf` lines.
    public init(settings: [String] = []) throws {
        let binaries = try Self.installed()
        Self.removeStale()
        (runAs, directory, port) = try Self.prepareDirectory()
        try run(binaries + "/initdb", ["-D", directory + "/data", "-U", "vault", "--auth=trust", "-E", "UTF8", "--no-sync"])
        let conf = ["listen_addresses = '127.0.0.1'", "port = \(port)", "unix_socket_directories = '\(directory)'",
                    "fsync = off", "max_connections = 300", "shared_buffers = 32MB"] + settings
        try appendConfig(conf)
        Self.started.withLock { $0.append(directory) }
        Self.registerCleanup()
        try start()
    }

    /// A streaming standby of `primary`, copied with pg_basebackup (databases and all) and started; make it
    /// synchronous with `primary.makeSynchronous()`. With `standby` false, a server of its own started from
    /// the base backup (a restore: it replays the WAL the backup streamed, then takes writes).
    public init(standbyOf primary: TestPostgres, standby: Bool = true) throws {
        let binaries = try Self.installed()
        (runAs, directory, port) = try Self.prepareDirectory()
        try run(binaries + "/pg_basebackup", ["-D", directory + "/data"] + (standby ? ["-R"] : []) + ["-X", "stream", "-c", "fast",
                                              "-d", "postgresql://vault@127.0.0.1:\(primary.port)/postgres?application_name=standby"])
        try appendConfig(["port = \(port)", "unix_socket_directories = '\(directory)'"])
        Self.started.withLock { $0.append(directory) }
        Self.registerCleanup()
        try start()
    }

    /// Commits wait for the standby's flush too (synchronous replication): an acknowledged commit survives
    /// the loss of this server.
    public func makeSynchronous() throws {
        try sql("ALTER SYSTEM SET synchronous_standby_names = 'standby'")
        try sql("SELECT pg_reload_conf()")
    }

    /// Makes a standby the primary.
    public func promote() throws {
        try run(Self.binaries! + "/pg_ctl", ["-D", directory + "/data", "-w", "promote"])
    }

    /// A `postgresql://` URI for `database`.
    public func conninfo(_ database: String = "postgres") -> String {
        "postgresql://vault@127.0.0.1:\(port)/\(database)"
    }

    /// A new empty database; returns its name (`conninfo(name)` connects to it).
    public func createDatabase() throws -> String {
        let name = "piivault_\(getpid())_\(Self.counter.withLock { value in value += 1; return value })"
        try sql("CREATE DATABASE \(name)")
        return name
    }

    /// What `COPY ... TO STDOUT` writes, as bytes.
    public func copyOut(_ statement: String, database: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaries! + "/psql")
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo(database), "-c", statement]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestPostgresError("psql \(statement) failed") }
        return Array(data)
    }

    /// Runs SQL through psql on the `postgres` database (or `database`).
    @discardableResult
    public func sql(_ statement: String, database: String = "postgres") throws -> String {
        let (status, output) = try runProcess(Self.binaries! + "/psql",
                                              ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo(database), "-c", statement],
                                              timeout: 60)
        guard status == 0 else { throw TestPostgresError("psql \(statement): \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Started with posix_spawn and waitpid, not Foundation's Process: Process learns that a child ended when
    /// a socket the child holds closes, and the server pg_ctl leaves running inherits that socket, so the
    /// wait would last as long as the server. pg_ctl's messages are in `log`.
    public func start() throws {
        let arguments = [Self.binaries! + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/log", "-w", "-t", "30", "start"]
        let status = try Self.spawnAndWait(runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] + arguments } ?? arguments)
        guard status == 0 else {
            let log = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
            throw TestPostgresError("pg_ctl start failed: " + log.suffix(2_000))
        }
    }

    private static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestPostgresError("posix_spawn \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED and WEXITSTATUS are macros Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
    }

    /// A clean stop (`fast`) or a crash (`immediate`: no checkpoint, recovery at the next start).
    public func stop(mode: String = "fast") throws {
        try run(Self.binaries! + "/pg_ctl", ["-D", directory + "/data", "-m", mode, "-w", "stop"])
    }

    /// `kill -9` of the postmaster, as a crash or a lost machine would.
    public func kill9() throws {
        let pidFile = try String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        guard let pid = pidFile.split(separator: "\n").first.flatMap({ pid_t($0) }) else { throw TestPostgresError("no postmaster pid") }
        kill(pid, SIGKILL)
        // Its backends notice the postmaster's death and exit on their own; wait for the port to close.
        for _ in 0..<100 where kill(pid, 0) == 0 { usleep(50_000) }
    }

    /// Stops (SIGSTOP) or resumes (SIGCONT) the server and every process of it: connected, not answering.
    public func freeze(_ frozen: Bool) throws {
        let pidFile = try String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        guard let pid = pidFile.split(separator: "\n").first.flatMap({ pid_t($0) }) else { throw TestPostgresError("no postmaster pid") }
        let children = try runProcess("/usr/bin/pgrep", ["-P", String(pid)]).output.split(separator: "\n").compactMap { pid_t($0) }
        for process in [pid] + children { kill(process, frozen ? SIGSTOP : SIGCONT) }
    }

    public func appendConfig(_ lines: [String]) throws {
        let path = directory + "/data/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(("\n" + lines.joined(separator: "\n") + "\n").utf8))
        try handle.close()
    }

    /// Runs a server program as the server's user.
    public func run(_ program: String, _ arguments: [String]) throws {
        let (status, output) = if let runAs {
            try runProcess("/usr/sbin/runuser", ["-u", runAs, "--", program] + arguments, timeout: 120)
        } else {
            try runProcess(program, arguments, timeout: 120)
        }
        guard status == 0 else { throw TestPostgresError("\((program as NSString).lastPathComponent): \(output)") }
    }

    private static func installed() throws -> String {
        guard let binaries else { throw TestPostgresError("PostgreSQL is not installed here (apt-get install postgresql)") }
        return binaries
    }

    /// A new server's directory (this process's, numbered), owned by the account that runs it, and a free port.
    private static func prepareDirectory() throws -> (runAs: String?, directory: String, port: Int) {
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        let id = counter.withLock { value in value += 1; return value }
        let directory = "/tmp/piivault-pg-\(getpid())-\(id)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        if let runAs { _ = try runProcess("/bin/chown", [runAs, directory]) }
        return (runAs, directory, try freePort())
    }

    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.last.map { "\(root)/\($0)/bin" }.flatMap { FileManager.default.fileExists(atPath: $0 + "/initdb") ? $0 : nil }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard bound == 0, withUnsafeMutablePointer(to: &address, {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }) == 0 else { throw TestPostgresError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Servers left by a test process that died (a crash, a kill): stopped and removed.
    private static func removeStale() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("piivault-pg-") {
            guard let owner = entry.split(separator: "-").dropFirst(2).first.flatMap({ pid_t($0) }),
                  owner != getpid(), kill(owner, 0) != 0 else { continue }
            stopAndRemove("/tmp/" + entry)
        }
    }

    private static func stopAndRemove(_ directory: String) {
        let pidFile = (try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)) ?? ""
        if let pid = pidFile.split(separator: "\n").first.flatMap({ pid_t($0) }) { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static let cleanupOnce: Void = {
        atexit {
            for directory in TestPostgres.started.withLock({ $0 }) { TestPostgres.stopAndRemove(directory) }
        }
    }()

    private static func registerCleanup() { _ = cleanupOnce }
}

public struct TestPostgresError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
