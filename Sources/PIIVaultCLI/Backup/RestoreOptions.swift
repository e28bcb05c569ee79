import Logging

/// `piivault restore --from DIR --data-dir NEW`: see `RestoreCommand`.
package struct RestoreOptions: Equatable {
    package var from: String
    package var dataDirectory: String
    package var keysDirectory = "./Keys"
    /// Deletion ledgers to re-apply besides the backup's own copy.
    package var ledgers: [String] = []
    /// Stores on PostgreSQL, restored with PostgreSQL's tools: the ledgers' deletions are re-applied there too.
    package var stores = StoreOptions()
    /// Re-apply ledger lines from this time on (milliseconds) instead of the backup's start.
    package var ledgerSince: Int64?

    static let valued: Set<String> = (["from", "data-dir", "keys-dir", "ledger-since"] as Set<String>).union(StoreOptions.valued)
    static let repeatable: Set<String> = ["ledger"]
    static let help = """
        USAGE: piivault restore --from DIR --data-dir NEW [--keys-dir DIR] [--ledger FILE]... [--ledger-since T]

        Restores the backup in DIR (made by `piivault backup`) into the new data directory NEW, which must not
        exist or be empty. In order, and stopping with exit 1 at the first problem:
          1. checks DIR/manifest.json (its tag, under the control keyring) and every file's size and SHA-256;
          2. copies the files into a directory beside NEW, and checks that each audit chain ends exactly at the
             head the manifest recorded (a copy whose chain differs was altered); writes those heads as the
             anchors of NEW/audit.anchors; with --audit-anchor FILE, checks the chains against it too (an old
             copy is a prefix of what FILE anchors; anything else is tampering);
          3. re-applies the deletions recorded at or after the backup's start (minus 5 minutes for clock
             differences) in the backup's own deletions.ledger and in each --ledger FILE: profiles (their keys
             destroyed), addresses and data entries deleted after the backup stay deleted. Lines that do not
             verify under the region's keyring are reported and not applied;
          4. sweeps what has expired (tokens, data entries, deleted profiles' remains);
          5. runs the checks of `piivault audit verify` on the result;
          6. renames the directory to NEW. Until then NEW does not exist, so nothing can serve half a restore.

        Without --ledger only the backup's own ledger is applied and the output says so: deletions made
        after the backup was taken come back unless their ledger is given. Keep a copy of the ledger outside
        the data directory (`serve --deletion-ledger FILE`) and give it here, with the data directory's own
        deletions.ledger when it survived.

        OPTIONS:
          --from DIR       The backup directory (required)
          --data-dir NEW   The data directory to create (required)
          --keys-dir DIR   The keyrings of that vault (default ./Keys): restored separately, never from DIR
          --ledger FILE    A deletion ledger to re-apply (repeatable)
          --ledger-since T Re-apply ledger lines from T (RFC 3339) less 5 minutes instead of from the backup's
                           start: the time a PostgreSQL store was recovered to, when it is older
          --help, -h       Show this help

        With --store/--control-store (a node whose stores are on PostgreSQL, recovered first with PostgreSQL's
        own tools: docs/backup.md), the ledgers' deletions are re-applied to those stores too, they are swept
        and their chains verified, before the rename.
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        guard let from = args.value("from") else { throw UsageError("restore needs --from DIR (a backup directory)") }
        guard let dir = args.value("data-dir") else { throw UsageError("restore needs --data-dir NEW (a new data directory)") }
        self.from = from
        dataDirectory = dir
        if let keys = args.value("keys-dir") { keysDirectory = keys }
        ledgers = args.values("ledger")
        stores = try StoreOptions(args)
        if let text = args.value("ledger-since") {
            guard let milliseconds = RFC3339.parseMilliseconds(text) else {
                throw UsageError("--ledger-since must be an RFC 3339 date-time such as 2027-01-01T00:00:00Z")
            }
            ledgerSince = milliseconds
        }
        try args.noPositional()
    }
}
