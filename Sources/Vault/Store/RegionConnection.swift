import Logging

/// A connection to write a region's store: the sweeper uses it as it is; a server hands it to the store's
/// writer with `serve`.
package protocol RegionConnection: StoreConnection where Tables == any RegionTables {
    /// Empties the store's log of recent changes into the store itself (SQLite: a TRUNCATE checkpoint of the
    /// WAL), so no earlier image of a removed row stays in any file. False when readers kept it busy.
    func truncateLog() -> Bool

    /// Takes the store's sweep lock for as long as this connection lives, so one sweep at a time runs on a
    /// store however many nodes share it; false, at once, when another sweep holds it. (SQLite: true; the
    /// data directory's lock file already makes sweeps take turns.)
    func lockForSweep() throws -> Bool

    /// Makes this connection the store's one writer (group commit) and opens readers beside it; nothing else
    /// may use the connection afterwards. `name` names the writer's thread.
    func serve(name: String, logger: Logger) throws -> any RegionStorage
}
