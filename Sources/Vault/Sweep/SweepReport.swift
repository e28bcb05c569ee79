/// What one region's sweep removed (or, in a dry run, would remove).
public struct SweepReport: Sendable, Equatable {
    public let region: Region
    public var dryRun: Bool
    public var expiredTokens = 0
    public var expiredData = 0
    public var deletedProfiles = 0
    /// Whether the WAL was emptied into the database afterwards (false when readers kept it busy).
    public var walCheckpointed = false
    public var milliseconds: Int64 = 0

    public var total: Int { expiredTokens + expiredData + deletedProfiles }
}
