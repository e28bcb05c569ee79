/// `piivault migrate-store --from DATA_DIR --to PG`: see `StoreMigration`.
package struct MigrateStoreOptions: Equatable {
    package var from: String
    /// The connection string (as `--control-store` takes it: a URI without a password, or a file).
    package var to: String
    package var keysDirectory = "./Keys"

    static let valued: Set<String> = ["from", "to", "keys-dir"]
    static let help = """
        USAGE: piivault migrate-store --from DATA_DIR --to PG [--keys-dir DIR]

        Copies the SQLite vault in DATA_DIR (control.sqlite, vault-eu.sqlite, vault-us.sqlite, and the /setup
        data of clienteling.sqlite) into PostgreSQL: the database PG names (say vault) receives nothing itself;
        the stores go to databases of their own named after it, vault_control (with the /setup data in its
        schema clienteling), vault_eu and vault_us, created when missing (when the user may create databases;
        else create them first). Nodes refuse the copy until a run has ended with "copied and verified" (a
        partial copy lacks what was not copied yet). Rows keep their ids, row numbers and audit chains; the keyrings in
        --keys-dir (default ./Keys) stay as they are and open both copies.

        Stop every node that serves DATA_DIR first. The copy runs in batches, each committed with its progress,
        so an interrupted run (kill, lost connection) continues where it stopped when run again. At the end it
        compares the row count of every table and verifies every copied audit chain with the keyrings, exits 1
        naming any difference, and prints the --store and --control-store options to serve the copy with.
        Needs a build with --traits PostgreSQL.

        OPTIONS:
          --from DIR       The SQLite data directory to copy (required)
          --to PG          A postgresql:// URI without a password, or a file (mode 0600) holding a connection string
          --keys-dir DIR   The keyrings of that vault (default ./Keys), to verify the copied chains
          --help, -h       Show this help
        """

    init(_ args: Arguments) throws(UsageError) {
        guard let from = args.value("from") else { throw UsageError("migrate-store needs --from DATA_DIR") }
        guard let to = args.value("to") else { throw UsageError("migrate-store needs --to PG (a postgresql:// URI or a file)") }
        self.from = from
        self.to = try StoreOptions.conninfo(to, option: "--to")
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        try args.noPositional()
    }
}
