/// A region's store while a vault serves it: one writer that runs queued work in group commits, and readers
/// beside it. Engine errors come out as `StoreError`.
package protocol RegionStorage: Sendable {
    /// Where the store lives, for messages and tools.
    var location: String { get }

    /// Queues `work` for the writer's next group commit; `completion` runs once that commit is durable, or
    /// with the error that failed it (a failing group is retried job by job, so one bad job fails alone).
    /// Returns false, without calling `completion`, once the store is closing.
    @discardableResult
    func write(_ work: @escaping @Sendable (any RegionTables) throws -> Void,
               completion: @escaping @Sendable (Result<Void, any Error>) -> Void) -> Bool

    /// Runs `body` on a pooled reader, each statement on its own.
    func read<T>(_ body: (any RegionTables) throws -> T) throws -> T

    /// Runs `body` on a pooled reader in one read transaction (one consistent view).
    func snapshot<T>(_ body: (any RegionTables) throws -> T) throws -> T

    /// Call after a commit that deleted rows: soon after, off the caller's thread, the engine removes the
    /// older images of the pages that deletion changed (see `RegionConnection.truncateLog`). Returns at once.
    func requestErasure()

    /// Whether a reader answers.
    func isHealthy() -> Bool

    /// Finishes queued writes and closes the store.
    func close()
}
