/// One connection to a store, used by one thread at a time. Through `tables` each statement runs on its
/// own; `transaction` runs writes all or nothing; `snapshot` runs reads in one consistent view. Errors of the
/// engine come out as `StoreError`; errors `body` throws come out as they are.
package protocol StoreConnection<Tables>: AnyObject {
    associatedtype Tables

    /// Where the store lives, for messages.
    var location: String { get }
    var tables: Tables { get }

    /// Runs `body` in a write transaction: commits, or rolls back and rethrows.
    func transaction<T>(_ body: (Tables) throws -> T) throws -> T

    /// Runs `body` in a read transaction: every read sees the same committed state.
    func snapshot<T>(_ body: (Tables) throws -> T) throws -> T

    /// Whether the store answers a trivial read within `milliseconds` (a health check's: a store that
    /// stopped answering must show within that time, not the longer deadline of requests).
    func answers(within milliseconds: Int64) -> Bool
}

extension StoreConnection {
    /// SQLite's stores are files of this node: no server to lose, no deadline to apply; a read transaction
    /// is all there is to check.
    package func answers(within milliseconds: Int64) -> Bool {
        (try? snapshot { _ in true }) ?? false
    }
}

/// The control store's connection (tenants, API keys, the control chain).
package typealias ControlConnection = StoreConnection<any ControlTables>

/// A read-only connection to any store that holds an audit chain.
package typealias ChainConnection = StoreConnection<any ChainTables>
