#if PostgreSQL
import Foundation
internal import CLibPQ

/// What the vault reads from a connection string without connecting: where it points, for messages, and
/// whether it holds a password. Parsed by libpq itself, so URIs, `key=value` pairs and multi-host lists are
/// read exactly as a connection would read them.
package enum PostgresConnectionString {
    /// Whether libpq can parse `conninfo`; its own message when it cannot (which never repeats a password).
    package static func validate(_ conninfo: String) throws {
        let options = try options(of: conninfo)
        if let problem = passwordFileProblem(options) { throw PostgresError(sqlState: "", message: problem) }
    }

    /// Why the password file libpq would read for `conninfo` is refused, or nil (also when unparsable:
    /// `validate` says why). libpq itself only warns, with `fprintf(stderr, "WARNING: password file ...")` in
    /// `passwordFromFile` of fe-connect.c, at every connection, past any notice processor and any log, and
    /// then ignores the file. Refused here, before the first connection, the warning becomes one error in
    /// the vault's own output, and never a line per reconnect.
    package static func passwordFileProblem(of conninfo: String) -> String? {
        (try? options(of: conninfo)).flatMap(passwordFileProblem)
    }

    /// libpq reads a password file only when no password is given (in the string or `PGPASSWORD`): the
    /// string's `passfile`, else `PGPASSFILE`, else `.pgpass` in the home directory (the account's, and
    /// `HOME` for newer libpq versions: both are checked).
    private static func passwordFileProblem(_ options: [String: String]) -> String? {
        let environment = ProcessInfo.processInfo.environment
        guard options["password"].map(\.isEmpty) ?? true, environment["PGPASSWORD"].map(\.isEmpty) ?? true else { return nil }
        let candidates: [String]
        if let file = options["passfile"] ?? environment["PGPASSFILE"], !file.isEmpty {
            candidates = [file]
        } else {
            candidates = Array(Set([environment["HOME"], accountHome()].compactMap { $0 }.filter { !$0.isEmpty }))
                .sorted().map { $0 + "/.pgpass" }
        }
        for path in candidates {
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT != S_IFREG {
                return "password file \(path) is not a plain file: libpq would ignore it; remove it or name another "
                    + "with passfile= or PGPASSFILE"
            }
            if status.st_mode & 0o077 != 0 {
                return "password file \(path) may be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))), "
                    + "so libpq would ignore it: chmod 600 it"
            }
        }
        return nil
    }

    private static func accountHome() -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(geteuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil, let home = entry.pw_dir else {
            return nil
        }
        return String(cString: home)
    }

    /// `postgresql://user@host:port/dbname` with every host of a multi-host list and never the password;
    /// the text `conninfo` does not name is left out (libpq's defaults apply).
    package static func location(of conninfo: String) -> String {
        guard let options = try? options(of: conninfo) else { return "postgresql://(unparsable connection string)" }
        let user = options["user"].map { $0 + "@" } ?? ""
        let hosts = (options["host"] ?? options["hostaddr"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        let ports = (options["port"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        let authority = hosts.enumerated().map { index, host in
            let port = ports.count == 1 ? ports[0] : (index < ports.count ? ports[index] : "")
            return port.isEmpty ? String(host) : "\(host):\(port)"
        }.joined(separator: ",")
        return "postgresql://\(user)\(authority)/\(options["dbname"] ?? "")"
    }

    /// `conninfo` with another database name, as libpq `key=value` pairs (every other setting kept).
    package static func replacingDatabase(of conninfo: String, with database: String) throws -> String {
        var options = try options(of: conninfo)
        options["dbname"] = database
        func quoted(_ value: String) -> String {
            "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return options.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value))" }.joined(separator: " ")
    }

    /// The database `conninfo` names (nil: libpq's default, the user's name).
    package static func database(of conninfo: String) -> String? {
        (try? options(of: conninfo))?["dbname"]
    }

    /// Whether `conninfo` itself carries a password (rather than leaving it to `~/.pgpass` or `PGPASSFILE`).
    package static func hasPassword(_ conninfo: String) -> Bool {
        (try? options(of: conninfo))?["password"].map { !$0.isEmpty } ?? false
    }

    private static func options(of conninfo: String) throws -> [String: String] {
        var error: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(conninfo, &error) else {
            let message = error.map { String(cString: $0) } ?? "out of memory"
            if let error { PQfreemem(error) }
            throw PostgresError(sqlState: "", message: "connection string: " + message.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        defer { PQconninfoFree(parsed) }
        var options: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return options
    }
}
#endif
