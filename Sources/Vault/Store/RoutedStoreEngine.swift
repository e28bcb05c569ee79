/// Stores of one deployment on more than one engine: the kinds `routes` names on theirs (PostgreSQL for a
/// region or the control store, say), every other kind on `fallback` (SQLite files in the data directory).
/// A location is opened by the engine that owns it.
package struct RoutedStoreEngine: StoreEngine {
    let routes: [StoreKind: any StoreEngine]
    let fallback: any StoreEngine

    package init(routes: [StoreKind: any StoreEngine], fallback: any StoreEngine) {
        self.routes = routes
        self.fallback = fallback
    }

    package func location(of kind: StoreKind, dataDirectory: String) -> String {
        (routes[kind] ?? fallback).location(of: kind, dataDirectory: dataDirectory)
    }

    package func exists(_ location: String) -> Bool { engine(at: location).exists(location) }

    package func owns(_ location: String) -> Bool { true }

    package func isShared(_ location: String) -> Bool { engine(at: location).isShared(location) }

    package func openRegion(_ region: Region, at location: String, serving: Bool) throws -> any RegionConnection {
        try engine(at: location).openRegion(region, at: location, serving: serving)
    }

    package func openControl(at location: String) throws -> any ControlConnection {
        try engine(at: location).openControl(at: location)
    }

    package func openChain(at location: String) throws -> any ChainConnection {
        try engine(at: location).openChain(at: location)
    }

    /// The engine that opens `location`.
    package func engine(at location: String) -> any StoreEngine {
        routes.values.first { $0.owns(location) } ?? fallback
    }
}
