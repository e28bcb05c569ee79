#if PostgreSQL
import Locking

/// Connections handed out one caller at a time, opened on demand and kept for reuse; a broken one is
/// dropped. For reads: a read that failed because its idle connection had died (the server restarted, a
/// failover) runs once more on a new connection, after the other idle ones, likely dead too, are dropped;
/// whatever the error's type (a store maps it to its own). Not after a timeout: the server is there but slow,
/// and a second wait would only double the first.
package final class PostgresPool: Sendable {
    private let idle = Locked<[PostgresConnection]>([])
    private let open: @Sendable () throws -> PostgresConnection
    private let maxIdle: Int

    package init(maxIdle: Int = 16, open: @escaping @Sendable () throws -> PostgresConnection) {
        self.maxIdle = maxIdle
        self.open = open
    }

    package func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        while let reused = idle.withLock({ $0.popLast() }) {
            // One that died while idle is dropped here, before any work goes to it.
            guard reused.isUsable else { continue }
            do {
                return try use(reused, body)
            } catch where reused.isBroken && !reused.abandoned {
                drain()
                break
            }
        }
        return try use(try open(), body)
    }

    /// Closes the idle connections. One still in use goes back to the pool when its caller is done.
    package func drain() {
        idle.withLock { $0.removeAll() }
    }

    private func use<T>(_ connection: PostgresConnection, _ body: (PostgresConnection) throws -> T) throws -> T {
        defer {
            if !connection.isBroken {
                idle.withLock { connections in
                    if connections.count < maxIdle { connections.append(connection) }
                }
            }
        }
        return try body(connection)
    }
}
#endif
