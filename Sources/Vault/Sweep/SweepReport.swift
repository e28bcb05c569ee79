/// What one region's sweep removed (or, in a dry run, would remove).
package struct SweepReport: Sendable, Equatable {
    package let region: Region
    package var dryRun: Bool
    package var expiredTokens = 0
    package var expiredData = 0
    package var deletedProfiles = 0
    /// Data keys deleted because nothing stored is sealed under them any more.
    package var deletedDataKeys = 0
    /// Whether the WAL was emptied into the database afterwards (false when readers kept it busy).
    package var walCheckpointed = false
    package var milliseconds: Int64 = 0
    /// Another sweep of the same store (from another node) was running: this one did nothing.
    package var skippedBusy = false

    package var total: Int { expiredTokens + expiredData + deletedProfiles + deletedDataKeys }
}
