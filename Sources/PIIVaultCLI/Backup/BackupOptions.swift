/// `piivault backup --to DIR`: see `BackupCommand`.
package struct BackupOptions: Equatable {
    package var to: String
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL: named in the manifest, not copied (pg_basebackup's job).
    package var stores = StoreOptions()

    static let valued: Set<String> = (["to", "data-dir", "keys-dir"] as Set<String>).union(StoreOptions.valued)
    static let help = """
        USAGE: piivault backup --to DIR [--data-dir DIR] [--keys-dir DIR]

        Copies every database of the data directory (control.sqlite, vault-eu.sqlite, vault-us.sqlite,
        clienteling.sqlite, provider-local.sqlite: each *.sqlite present) into DIR with SQLite's online backup
        API: each one a consistent snapshot, taken while `piivault serve` goes on reading and writing. Also
        copies the deletion ledger (deletions.ledger), then writes DIR/manifest.json last: every file's size,
        SHA-256 and schema version, the head of each audit chain (its anchor), the time the backup started and
        this version, tagged under the control keyring. A directory without manifest.json is not a finished
        backup. Restore it with `piivault restore`.

        The keyrings are NOT copied (nothing is read from --keys-dir but what tags the manifest and checks
        the chains): keep their backup apart from the databases' (docs/backup.md says why and how). Stores on
        PostgreSQL (--store, --control-store) are named in the manifest and not copied: back them up with
        pg_basebackup and WAL archiving (docs/backup.md).

        OPTIONS:
          --to DIR         Where the backup goes: a new or empty directory (required)
          --data-dir DIR   The data directory to back up (default ./data)
          --keys-dir DIR   The keyrings (default ./Keys): the control keyring tags the manifest, each chain's
                           keyring checks its chain
          --help, -h       Show this help
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        guard let to = args.value("to") else { throw UsageError("backup needs --to DIR") }
        self.to = to
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        try args.noPositional()
    }
}
