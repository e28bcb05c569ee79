#if PostgreSQL
import PostgresStore
import Vault

/// The PostgreSQL engine: each store it is given is a database named by a connection string (a region's,
/// the control store's), shared by every node that serves it. Messages name a store by its location, the
/// connection string without its password; the string itself stays inside this engine.
package struct PostgresEngine: StoreEngine {
    private let conninfos: [StoreKind: String]
    private let locations: [StoreKind: String]

    /// `stores`: the connection string of each store this engine holds. Two stores in one database are
    /// refused (their tables would mix).
    package init(stores: [StoreKind: String]) throws {
        var locations: [StoreKind: String] = [:]
        for (kind, conninfo) in stores {
            do {
                try PostgresConnectionString.validate(conninfo)
            } catch let error as PostgresError {
                throw VaultError.store("the \(Self.name(of: kind)) store's " + error.message)
            }
            let location = PostgresConnectionString.location(of: conninfo)
            if let other = locations.first(where: { $0.value == location }) {
                throw VaultError.store("the \(Self.name(of: other.key)) and \(Self.name(of: kind)) stores are both \(location): "
                                       + "give each its own database")
            }
            locations[kind] = location
        }
        conninfos = stores
        self.locations = locations
    }

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
        guard let conninfo = conninfo(at: location) else { return false }
        guard let connection = try? PostgresConnection(conninfo: conninfo) else { return true }
        return (try? connection.execute("SELECT (to_regclass('meta') IS NOT NULL)::int::bigint").int64(0, 0)) != 0
    }

    package func openRegion(_ region: Region, at location: String, serving: Bool) throws -> any RegionConnection {
        let conninfo = try required(location)
        return try storeErrors {
            let connection = try PostgresConnection(conninfo: conninfo)
            try PostgresSchema.migrate(connection, kind: "region", region: region)
            return PostgresRegionConnection(connection, conninfo: conninfo, region: region)
        }
    }

    package func openControl(at location: String) throws -> any ControlConnection {
        let conninfo = try required(location)
        return try storeErrors {
            let connection = try PostgresConnection(conninfo: conninfo)
            try PostgresSchema.migrate(connection, kind: "control", region: nil)
            return PostgresStoreConnection(connection, reopen: { try PostgresConnection(conninfo: conninfo) }) {
                PostgresControlTables(connection: $0, writing: $1) as any ControlTables
            }
        }
    }

    package func openChain(at location: String) throws -> any ChainConnection {
        let conninfo = try required(location)
        return try storeErrors {
            PostgresStoreConnection(try PostgresConnection(conninfo: conninfo), reopen: { try PostgresConnection(conninfo: conninfo) }) {
                connection, _ in PostgresChainTables(connection: connection) as any ChainTables
            }
        }
    }

    private func conninfo(at location: String) -> String? {
        locations.first { $0.value == location }.flatMap { conninfos[$0.key] }
    }

    private func required(_ location: String) throws -> String {
        guard let conninfo = conninfo(at: location) else { throw VaultError.store("no PostgreSQL store is configured at \(location)") }
        return conninfo
    }

    private static func name(of kind: StoreKind) -> String {
        switch kind {
        case .control: "control"
        case .region(let region): region.code
        case .setup: "set-up"
        }
    }
}
#endif
