#if PostgreSQL
import PostgresStore
import Vault

/// The PostgreSQL engine: each store it is given is a database named by a connection string (a region's,
/// the control store's), shared by every node that serves it. Messages name a store by its location, the
/// connection string without its password; the string itself stays inside this engine.
///
/// The clienteling set-up data goes with the control store: its tables (and its audit chain) live in the
/// control database's schema `clienteling`, so they are shared by every node as tenants and keys are,
/// and need no database of their own.
package struct PostgresEngine: StoreEngine {
    let conninfos: [StoreKind: String]
    let locations: [StoreKind: String]

    /// `stores`: the connection string of each store this engine holds. Two stores in one database are
    /// refused (their tables would mix).
    package init(stores: [StoreKind: String]) throws {
        var locations: [StoreKind: String] = [:]
        for (kind, conninfo) in stores where kind != .setup {
            do {
                try PostgresConnectionString.validate(conninfo)
            } catch let error as PostgresError {
                throw VaultError.store("the \(kind.name) store's " + error.message)
            }
            let location = PostgresConnectionString.location(of: conninfo)
            if let other = locations.first(where: { $0.value == location }) {
                throw VaultError.store("the \(other.key.name) and \(kind.name) stores are both \(location): "
                                       + "give each its own database")
            }
            locations[kind] = location
        }
        var conninfos = stores.filter { $0.key != .setup }
        if let control = conninfos[.control], let location = locations[.control] {
            conninfos[.setup] = control
            locations[.setup] = location + " (schema \(Self.setupSchema))"
        }
        self.conninfos = conninfos
        self.locations = locations
    }

    /// Whether stores `migrate-store` has not finished filling may be opened (by `migrate-store` alone).
    package var opensUnfinishedCopies = false

    /// The schema of the control database that holds the set-up data.
    package static let setupSchema = "clienteling"

    package var kinds: Set<StoreKind> { Set(conninfos.keys) }

    /// A deployment's engine: this engine's stores on PostgreSQL, every other kind on `fallback` (SQLite files).
    package func routed(over fallback: any StoreEngine) -> any StoreEngine {
        RoutedStoreEngine(routes: Dictionary(uniqueKeysWithValues: kinds.map { ($0, self as any StoreEngine) }), fallback: fallback)
    }

    package func location(of kind: StoreKind, dataDirectory: String) -> String {
        locations[kind] ?? ""
    }

    package func owns(_ location: String) -> Bool {
        locations.values.contains(location)
    }

    package func isShared(_ location: String) -> Bool { true }

    /// True also when the database cannot be reached: opening it then reports why, instead of a vault
    /// that seems not to exist.
    package func exists(_ location: String) -> Bool {
        guard let kind = kind(at: location) else { return false }
        guard let connection = try? connect(kind) else { return true }
        return (try? connection.execute("SELECT (to_regclass('meta') IS NOT NULL)::int::bigint").int64(0, 0)) != 0
    }

    package func openRegion(_ region: Region, at location: String, serving: Bool) throws -> any RegionConnection {
        let conninfo = try required(location)
        return try storeErrors {
            let connection = try PostgresConnection(conninfo: conninfo)
            let control = try identityRecords()
            let known = try checkIdentity(of: region, connection, control: control)
            try PostgresSchema.migrate(connection, kind: "region", region: region, unfinishedCopy: opensUnfinishedCopies)
            if known == nil, let control { try remember(region, connection, control: control) }
            return PostgresRegionConnection(connection, conninfo: conninfo, region: region)
        }
    }

    package func openControl(at location: String) throws -> any ControlConnection {
        let conninfo = try required(location)
        return try storeErrors {
            let connection = try PostgresConnection(conninfo: conninfo)
            try PostgresSchema.migrate(connection, kind: "control", region: nil, unfinishedCopy: opensUnfinishedCopies)
            return PostgresStoreConnection(connection, reopen: { try PostgresConnection(conninfo: conninfo) }) {
                PostgresControlTables(connection: $0, writing: $1) as any ControlTables
            }
        }
    }

    package func openChain(at location: String) throws -> any ChainConnection {
        guard let kind = kind(at: location) else { throw VaultError.store("no PostgreSQL store is configured at \(location)") }
        return try storeErrors {
            PostgresStoreConnection(try connect(kind), reopen: { try connect(kind) }) {
                connection, _ in PostgresChainTables(connection: connection) as any ChainTables
            }
        }
    }

    /// A new connection to the store of `kind`; the set-up store's sees only its own schema (its tables
    /// and audit chain have the control store's names).
    func connect(_ kind: StoreKind) throws -> PostgresConnection {
        guard let conninfo = conninfos[kind] else { throw VaultError.store("no PostgreSQL store is configured for \(kind.name)") }
        let connection = try PostgresConnection(conninfo: conninfo)
        if kind == .setup {
            try connection.execute("SELECT set_config('search_path', $1, false)", [.text(Self.setupSchema)])
        }
        return connection
    }

    private func kind(at location: String) -> StoreKind? {
        locations.first { $0.value == location }?.key
    }

    private func conninfo(at location: String) -> String? {
        kind(at: location).flatMap { conninfos[$0] }
    }

    private func required(_ location: String) throws -> String {
        guard let conninfo = conninfo(at: location) else { throw VaultError.store("no PostgreSQL store is configured at \(location)") }
        return conninfo
    }
}
#endif
