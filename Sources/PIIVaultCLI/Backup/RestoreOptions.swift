/// `piivault restore --from DIR --data-dir NEW`: see `RestoreCommand`.
package struct RestoreOptions: Equatable {
    package var from: String
    package var dataDirectory: String
    package var keysDirectory = "./Keys"
    /// Deletion ledgers to re-apply besides the backup's own copy.
    package var ledgers: [String] = []

    static let valued: Set<String> = ["from", "data-dir", "keys-dir"]
    static let repeatable: Set<String> = ["ledger"]
    static let help = """
        USAGE: piivault restore --from DIR --data-dir NEW [--keys-dir DIR] [--ledger FILE]...

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
          --help, -h       Show this help
        """

    init(_ args: Arguments) throws(UsageError) {
        guard let from = args.value("from") else { throw UsageError("restore needs --from DIR (a backup directory)") }
        guard let dir = args.value("data-dir") else { throw UsageError("restore needs --data-dir NEW (a new data directory)") }
        self.from = from
        dataDirectory = dir
        if let keys = args.value("keys-dir") { keysDirectory = keys }
        ledgers = args.values("ledger")
        try args.noPositional()
    }
}
