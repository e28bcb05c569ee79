import Locking

/// Read connections handed out one caller at a time, opened on demand and kept for reuse.
/// WAL lets these readers run while the writer commits.
package final class ConnectionPool: Sendable {
    private let idle = Locked<[Database]>([])
    private let open: @Sendable () throws -> Database
    private let maxIdle: Int

    package init(maxIdle: Int = 16, open: @escaping @Sendable () throws -> Database) {
        self.maxIdle = maxIdle
        self.open = open
    }

    package func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        let database = try idle.withLock { $0.popLast() } ?? open()
        defer {
            idle.withLock { connections in
                if connections.count < maxIdle { connections.append(database) }
            }
        }
        return try body(database)
    }

    /// Closes the idle connections. One still in use goes back to the pool when its caller is done.
    package func drain() {
        idle.withLock { $0.removeAll() }
    }
}
