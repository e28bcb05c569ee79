/// What a vault node serves and where its files are.
package struct VaultConfiguration: Sendable {
    package var dataDirectory: String
    package var keysDirectory: String
    /// The regions this node holds keys and stores for; others' tokens are `region_not_served_error`.
    package var regions: [Region]
    /// Where new data goes when the caller names no region.
    package var defaultRegion: Region
    /// How long a token lives after it is issued (the API pages fix this at 30 days).
    package var tokenTTLMilliseconds: Int64 = defaultTokenTTLMilliseconds
    package static let defaultTokenTTLMilliseconds: Int64 = 30 * 24 * 3600 * 1000
    /// The largest value, as JSON text, that one key may tokenize.
    package var maxValueBytes = 64 * 1024
    /// A profile holds at most this many addresses: a new one past it replaces the oldest (v2's rule, kept
    /// for every generation since they share the records).
    package var maxAddressesPerProfile = 1_000
    /// A data key encrypts at most this many values before a fresh one replaces it, far below the
    /// 2^32 random-nonce bound NIST sets for one AES-GCM key.
    package var maxEncryptionsPerDataKey = 1 << 28
    /// A data key also stops sealing at this age, so every data key outlives all the tokens it sealed by a
    /// known time and the sweeper can delete it then (`--data-key-max-age`; the token lifetime by default).
    package var dataKeyMaxAgeMilliseconds: Int64 = defaultTokenTTLMilliseconds
    /// Profiles whose search grams wait in the index's small recent tier before a merge moves them to the
    /// main tier (see `GramIndex`): more means fewer, larger merges and longer scans per search.
    package var recentGramLimit = 4_096
    /// The operator's copy of the deletion ledger outside the data directory (`serve --deletion-ledger`), or
    /// nil for the data directory's own `deletions.ledger` alone.
    package var deletionLedgerCopy: String?
    /// Milliseconds since the epoch; replaceable so tests can move time.
    package var clock: @Sendable () -> Int64 = { WallClock.milliseconds() }

    package init(dataDirectory: String, keysDirectory: String, regions: [Region] = Region.allCases,
                defaultRegion: Region = .eu) {
        self.dataDirectory = dataDirectory
        self.keysDirectory = keysDirectory
        self.regions = regions
        self.defaultRegion = defaultRegion
    }
}
