#if PostgreSQL
import Foundation
internal import CLibPQ

/// What the vault reads from a connection string without connecting: where it points, for messages, and
/// whether it holds a password. Parsed by libpq itself, so URIs, `key=value` pairs and multi-host lists are
/// read exactly as a connection would read them.
package enum PostgresConnectionString {
    /// Whether libpq can parse `conninfo`; its own message when it cannot (which never repeats a password).
    package static func validate(_ conninfo: String) throws {
        _ = try options(of: conninfo)
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
