/// What one truncating checkpoint asked for by deletions did (see `GroupCommitWriter.requestErasure()`).
/// A deletion's rows are zeroed in the pages it commits (`secure_delete`), but the WAL keeps the earlier
/// images of those pages, rows and all, until a checkpoint copies the new images into the database file and
/// truncates the WAL. Carries counts and times only, never a record.
package struct ErasureCheckpoint: Sendable, Equatable {
    package enum Outcome: Sendable, Equatable {
        /// The WAL was emptied into the database file and truncated to zero bytes.
        case truncated
        /// Readers' snapshots kept the WAL busy past `Policy.overdueMilliseconds`; attempts go on at the
        /// interval's pace. Reported once per request batch.
        case overdue
    }

    /// How soon and how often: one truncation serves every deletion committed before it.
    package struct Policy: Sendable {
        /// After the first request of a batch, so the rest of a burst joins it.
        package var gatherMilliseconds = 100
        /// The least time between two truncations (each one fsyncs the database file and briefly holds
        /// the write lock).
        package var intervalMilliseconds = 1_000
        /// Between attempts that a reader's snapshot made fail.
        package var retryMilliseconds = 50
        /// How long one attempt may wait for readers to finish while it holds the write lock; writers queue
        /// behind it meanwhile, so it is short and the attempt is repeated instead.
        package var attemptBusyMilliseconds: Int32 = 50
        /// The promise: rows deleted this long ago must be out of the files.
        package var overdueMilliseconds = 5_000

        package init() {}
    }

    package let outcome: Outcome
    /// Deletions this checkpoint serves.
    package let requests: Int
    /// Truncation attempts so far (1 when no reader was in the way).
    package let attempts: Int
    /// From the oldest request served to this outcome.
    package let milliseconds: Int

    package init(outcome: Outcome, requests: Int, attempts: Int, milliseconds: Int) {
        self.outcome = outcome
        self.requests = requests
        self.attempts = attempts
        self.milliseconds = milliseconds
    }
}
