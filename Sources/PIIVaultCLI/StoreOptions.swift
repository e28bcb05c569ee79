import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if PostgreSQL
import PostgresStore
#endif
import Vault

/// `--store EU=...,US=...` and `--control-store ...`: the stores a command opens on PostgreSQL instead of the
/// SQLite files of the data directory. Each is a `postgresql://` URI or the path of a file holding a
/// connection string (URI or `key=value` pairs), so a password need never sit on a command line or in `ps`:
/// a URI with a password is refused here (put it in the file, or in `~/.pgpass`, which libpq reads).
package struct StoreOptions: Equatable, Sendable {
    /// The connection string of each region named, and of the control store if given.
    package var regions: [Region: String] = [:]
    package var control: String?

    package var isEmpty: Bool { regions.isEmpty && control == nil }

    static let valued: Set<String> = ["store", "control-store"]

    /// What every command that takes them adds to its help.
    static let helpSection = """


        STORES (PostgreSQL; needs a build with --traits PostgreSQL):
          --store R=PG,...      Region R's store in PostgreSQL instead of DIR's file, e.g.
                                --store EU=/etc/piivault/eu.pg,US=postgresql://vault@db-us:5432/vault
          --control-store PG    Tenants and API keys in PostgreSQL, shared by every node
                                PG: a postgresql:// URI without a password, or a file (mode 0600) holding a
                                connection string (URI or key=value; multi-host with target_session_attrs)
        """

    package init() {}

    init(_ args: Arguments) throws(UsageError) {
        if let text = args.value("store") {
            for part in Self.split(text) {
                guard let eq = part.firstIndex(of: "="), !part[..<eq].isEmpty else {
                    throw UsageError("--store takes REGION=CONNECTION pairs separated by commas (EU=postgresql://..., US=/path/to/file)")
                }
                let region = try Arguments.region(String(part[..<eq]), option: "store")
                guard regions[region] == nil else { throw UsageError("--store names \(region.code) twice") }
                regions[region] = try Self.conninfo(String(part[part.index(after: eq)...]), option: "--store \(region.code)")
            }
        }
        if let text = args.value("control-store") {
            control = try Self.conninfo(text, option: "--control-store")
        }
    }

    /// The pairs of `EU=a,US=b`: a comma ends a pair only where the next one starts (`XX=`), since a
    /// multi-host URI has commas of its own (`postgresql://a:5432,b:5432/vault`).
    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let startsPair = index + 3 < characters.count && characters[index + 1].isUppercase && characters[index + 2].isUppercase
                && characters[index + 3] == "="
            if character == ",", startsPair {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index += 1
        }
        parts.append(current)
        return parts
    }

    /// A URI as given (refused with a password), or the connection string in the file at `text`; refused
    /// too when the password file libpq would read for it is open to other users (libpq would print its own
    /// warning to stderr at every connection, past our log, and ignore the file: said once, here, instead).
    static func conninfo(_ text: String, option: String) throws(UsageError) -> String {
        let conninfo = try given(text, option: option)
        #if PostgreSQL
        if let problem = PostgresConnectionString.passwordFileProblem(of: conninfo) { throw UsageError("\(option): \(problem)") }
        #endif
        return conninfo
    }

    private static func given(_ text: String, option: String) throws(UsageError) -> String {
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            if Self.uriHasPassword(text) {
                throw UsageError("\(option): a password on the command line shows in ps and shell history: put the connection "
                                 + "string in a file (0600) and give its path, or the password in ~/.pgpass")
            }
            return text
        }
        // The value is not repeated: text that is not a path may be a connection string with a password.
        var status = stat()
        guard stat(text, &status) == 0 else {
            throw UsageError("\(option): the value is neither a postgresql:// URI nor the path of a file holding a connection string")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw UsageError("\(option): \(text) is not a file (give the file that holds the connection string)")
        }
        // Of the file itself (through a symlink, as a mounted secret is), like a keyring: owner only.
        if status.st_mode & 0o077 != 0 {
            throw UsageError("\(option): \(text) may hold a password and other users may read it (mode "
                             + "\(String(status.st_mode & 0o777, radix: 8))): chmod 600 it")
        }
        guard let contents = FileManager.default.contents(atPath: text) else {
            throw UsageError("\(option): cannot read \(text)")
        }
        // Lines starting with # are comments; the connection string is the rest, on one line or several.
        let conninfo = String(decoding: contents, as: UTF8.self).split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !conninfo.isEmpty else { throw UsageError("\(option): \(text) is empty") }
        return conninfo
    }

    /// A password in the URI, as libpq reads it (percent-encoded parameter names included) where this build
    /// has libpq; else `user:password@` in its authority or `password=` in its query.
    private static func uriHasPassword(_ uri: String) -> Bool {
        #if PostgreSQL
        if PostgresConnectionString.hasPassword(uri) { return true }
        #endif
        let rest = uri.drop { $0 != "/" }.dropFirst(2)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
        let query = uri.drop { $0 != "?" }
        return query.split(whereSeparator: { $0 == "&" || $0 == "?" }).contains { $0.hasPrefix("password=") }
    }
}
