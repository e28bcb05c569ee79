/// Where the set-up data lives: reads on a pool, every change through one group-commit writer, durable
/// before `perform` returns. An engine implements the two primitives; `read` and `write` below are what the
/// set-up rules call.
package protocol SetupStorage: Sendable {
    /// Runs `body` on a pooled reader.
    func withReader<T>(_ body: (any SetupTables) throws -> T) throws -> T
    /// Runs `body` in the writer's next transaction and waits for its commit; throws what failed it.
    func perform(_ body: @escaping @Sendable (any SetupTables) throws -> Void) throws
    /// Finishes queued writes and closes the connections.
    func close()
}

extension SetupStorage {
    /// Engine failures come out as `SetupError.unavailable` (a retry may work).
    func read<T>(_ body: (any SetupTables) throws -> T) throws(SetupError) -> T {
        do {
            return try withReader(body)
        } catch let error as SetupError {
            throw error
        } catch {
            throw .unavailable
        }
    }

    /// A `SetupError` thrown by `body` rolls its change back and comes out as it is; engine failures as
    /// `SetupError.unavailable`.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SetupTables) throws -> T) throws(SetupError) -> T {
        let result = ResultSlot<T>()
        do {
            try perform { result.value = try body($0) }
        } catch let error as SetupError {
            throw error
        } catch {
            throw .unavailable
        }
        guard let value = result.value else { throw .unavailable }
        return value
    }
}

/// Carries a value out of the writer's closure (it runs on the writer thread; `perform` waits for it).
private final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}
