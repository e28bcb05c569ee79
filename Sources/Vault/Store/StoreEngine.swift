/// The stores of one data directory, by what they hold.
package enum StoreKind: Hashable, Sendable {
    /// Tenants and API keys, with the control audit chain.
    case control
    /// One region's records, data keys and audit chain.
    case region(Region)
    /// The clienteling set-up database: its own module writes it; the vault reads its audit chain.
    case setup
}

extension StoreKind {
    /// The store's name in messages and its audit chain's name: `control`, the region's code, `setup`.
    package var name: String {
        switch self {
        case .control: ControlStore.keyringName
        case .region(let region): region.code
        case .setup: AuditFiles.setupChainName
        }
    }
}

/// A storage engine: where the stores of a data directory live, and how they are opened. The CLI and the
/// tests hand one to the vault (SQLite today); the domain calls only these protocols, so another engine is a
/// set of implementations of them, never an edit of a domain file.
package protocol StoreEngine: Sendable {
    /// Where the store of `kind` lives for `dataDirectory` (a file path for SQLite), as messages name it.
    func location(of kind: StoreKind, dataDirectory: String) -> String

    /// Whether a store exists at `location` (checked before opening one that must not be created).
    func exists(_ location: String) -> Bool

    /// Whether `location` is one of this engine's stores (see `RoutedStoreEngine`).
    func owns(_ location: String) -> Bool

    /// Whether the store at `location` is shared by several nodes (each with its own data directory), so
    /// its first open from a data directory is not its first open at all.
    func isShared(_ location: String) -> Bool

    /// A region's store opened to write: created and brought up to date if needed, and refused when it holds
    /// another region's records. `serving`: for a server, whose writer then keeps more index pages in memory;
    /// else a maintenance connection (the sweeper).
    func openRegion(_ region: Region, at location: String, serving: Bool) throws -> any RegionConnection

    /// The control store opened to write, created and brought up to date if needed.
    func openControl(at location: String) throws -> any ControlConnection

    /// A store's audit chain and keyring binding, to read only (audit verify and tail, the anchor keeper).
    func openChain(at location: String) throws -> any ChainConnection
}

extension StoreEngine {
    package func owns(_ location: String) -> Bool { true }
    package func isShared(_ location: String) -> Bool { false }
}
