import Foundation
import Vault

/// Options of `piivault tenant create|list` and `piivault apikey create|list|revoke`.
package struct TenantCreateOptions: Equatable {
    package var name: Tenant
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    /// nil: the tenant has no default region, and each node's `--default-region` applies.
    package var region: Region?
    /// False (`--no-cross-region-reads`): a node of another region may not reveal the tenant's data.
    package var crossRegionReads = true

    static let valued: Set<String> = (["data-dir", "keys-dir", "region"] as Set<String>).union(StoreOptions.valued)
    static let flags: Set<String> = ["no-cross-region-reads"]
    static let help = """
        USAGE: piivault tenant create NAME [--data-dir DIR] [--region EU|US] [--no-cross-region-reads]
                                      [--keys-dir DIR]

        Registers a tenant (^[a-z0-9][a-z0-9-]{0,62}$) and the region its new data goes to when a request
        names none. Without --region the tenant has no default region of its own and each node's
        --default-region applies; with one, a node that does not serve it answers such writes 421 (it never
        stores them in another region). With --no-cross-region-reads, reveals of the tenant's data that a
        node of another region forwards answer permission_denied_error. Tenants live in DIR/control.sqlite,
        which holds no PII. The change is recorded in the audit log, keyed by control.keyring in --keys-dir
        (default ./Keys).
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        guard args.positional.count == 1, let tenant = Tenant(args.positional[0]) else {
            throw UsageError("tenant create needs one NAME matching ^[a-z0-9][a-z0-9-]{0,62}$")
        }
        name = tenant
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        region = try args.region("region")
        crossRegionReads = !args.flag("no-cross-region-reads")
    }
}

package struct TenantListOptions: Equatable {
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var json = false

    static let valued: Set<String> = (["data-dir", "keys-dir"] as Set<String>).union(StoreOptions.valued)
    static let help = """
        USAGE: piivault tenant list [--data-dir DIR] [--keys-dir DIR] [--json]

        Lists tenants: name, default region (none: each node's --default-region applies), when created, and
        whether nodes of another region may reveal its data (cross-region reads: yes, or no when created
        with --no-cross-region-reads). --json prints one JSON object per tenant and line. Needs control.keyring in --keys-dir (default ./Keys),
        the keyring the control database was made with.
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        json = args.flag("json")
        try args.noPositional()
    }
}

package struct APIKeyCreateOptions: Equatable {
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var tenant: Tenant
    package var scopes: Set<Scope>
    package var name = ""
    package var expiresInMilliseconds: Int64?

    static let valued: Set<String> = (["data-dir", "keys-dir", "tenant", "scopes", "name", "expires-in"] as Set<String>).union(StoreOptions.valued)
    static let help = """
        USAGE: piivault apikey create --tenant NAME --scopes S1,S2 [--name LABEL] [--expires-in 90d] [--data-dir DIR]
                                      [--keys-dir DIR]

        Creates an API key and prints its secret alone on the last line of standard output. The secret is
        shown once: only a hash of it is stored.

        Scopes: \(Scope.allCases.map(\.rawValue).joined(separator: ", ")).
        --expires-in takes a number and a unit: d (days), h (hours) or m (minutes).
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        guard let tenantName = args.value("tenant"), let tenant = Tenant(tenantName) else {
            throw UsageError("--tenant NAME is required")
        }
        self.tenant = tenant
        scopes = try Self.scopes(args.value("scopes"))
        if let name = args.value("name") {
            // A label is printed in listings: a newline or an escape sequence would forge rows or drive the terminal.
            guard name.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }), name.count <= 200 else {
                throw UsageError("--name must be at most 200 characters, without control characters")
            }
            self.name = name
        }
        if let text = args.value("expires-in") {
            guard let milliseconds = Self.duration(text) else { throw UsageError("--expires-in takes e.g. 90d, 12h or 30m") }
            expiresInMilliseconds = milliseconds
        }
    }

    /// A misspelt scope is named, with the valid ones: "--scopes is required" would send the reader looking
    /// for an option that is already there.
    static func scopes(_ list: String?) throws(UsageError) -> Set<Scope> {
        let valid = "valid scopes: " + (Scope.allCases.map(\.rawValue) + Scope.customerAliases.map(\.name)).joined(separator: ", ")
        guard let list else { throw UsageError("--scopes is required: a comma-separated list of scopes (\(valid))") }
        var scopes = Set<Scope>()
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw UsageError("--scopes has an empty entry (a stray comma?) (\(valid))") }
            guard let named = Scope.named(name) else { throw UsageError("--scopes: unknown scope '\(name)' (\(valid))") }
            scopes.formUnion(named)
        }
        return scopes
    }

    static func duration(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0, count < 100_000 else { return nil }
        switch unit {
        case "d": return count * 86_400_000
        case "h": return count * 3_600_000
        case "m": return count * 60_000
        default: return nil
        }
    }
}

package struct APIKeyListOptions: Equatable {
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var json = false

    static let valued: Set<String> = (["data-dir", "keys-dir"] as Set<String>).union(StoreOptions.valued)
    static let help = """
        USAGE: piivault apikey list [--data-dir DIR] [--keys-dir DIR] [--json]

        Lists keys: id, tenant, label, scopes, created, expires, last used, and whether revoked. Never a
        secret. --json prints one JSON object per key and line.
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        json = args.flag("json")
        if let extra = args.positional.first { throw UsageError("unexpected argument '\(extra)'") }
    }
}

package struct APIKeyRevokeOptions: Equatable {
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var id: String

    static let valued: Set<String> = (["data-dir", "keys-dir"] as Set<String>).union(StoreOptions.valued)
    static let help = """
        USAGE: piivault apikey revoke ID [--data-dir DIR] [--keys-dir DIR]

        Revokes a key at once; running servers refuse it within a second.
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        guard args.positional.count == 1 else { throw UsageError("apikey revoke needs one key ID") }
        id = args.positional[0]
    }
}
