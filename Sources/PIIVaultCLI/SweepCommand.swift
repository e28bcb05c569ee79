import JSONCore
import Logging
import Vault

/// `piivault sweep`: see `Sweeper`.
package struct SweepOptions: Equatable {
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var dryRun = false
    /// Milliseconds since the epoch; nil for the clock.
    package var now: Int64?

    static let valued: Set<String> = (["data-dir", "keys-dir", "now"] as Set<String>).union(StoreOptions.valued)
    static let help = """
        USAGE: piivault sweep [--data-dir DIR] [--keys-dir DIR] [--dry-run] [--now RFC3339]

        Removes, in every region whose database is in DIR, expired tokens (30 days), expired data entries,
        and the remains of deleted profiles, in small batches (memory stays flat however much has expired).
        Prints one JSON line per region with what it removed, records the sweep in that region's audit
        chain, and empties the WAL so nothing removed stays in the log. Safe while `piivault serve` runs on
        the same files; a second sweep waits for the first. Run it hourly (deploy/ has a systemd timer and a
        crontab line).

        OPTIONS:
          --data-dir DIR   Where the region databases live (default ./data)
          --keys-dir DIR   Where the region keyrings live (default ./Keys); each swept region's keyring is
                           needed for its audit chain
          --dry-run        Count what would be removed; change nothing
          --now T          Sweep as if it were T (RFC 3339, e.g. 2027-01-01T00:00:00Z): for planning and tests
          --help, -h       Show this help
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        dryRun = args.flag("dry-run")
        if let text = args.value("now") {
            guard let milliseconds = RFC3339.parseMilliseconds(text) else {
                throw UsageError("--now must be an RFC 3339 date-time such as 2027-01-01T00:00:00Z")
            }
            now = milliseconds
        }
        if let extra = args.positional.first { throw UsageError("unexpected argument '\(extra)'") }
    }
}

enum SweepCommand {
    static func run(_ options: SweepOptions, print: (String) -> Void) throws {
        let engine = try StoreWiring.engine(options.stores)
        try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        let now = options.now ?? WallClock.milliseconds()
        let sweeper = Sweeper(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, now: now,
                              dryRun: options.dryRun, engine: engine)
        var swept: Set<Region> = []
        try sweeper.run { report in
            swept.insert(report.region)
            print(line(report, now: now))
        }
        // A store named on the command line is never skipped quietly: an empty database there is a mistake.
        for region in options.stores.regions.keys.sorted() where !swept.contains(region) {
            throw VaultError.store("the \(region.code) store given with --store (\(engine.location(of: .region(region), dataDirectory: options.dataDirectory))) "
                                   + "holds no vault: check the connection string, or serve the region once to create it")
        }
    }

    static func line(_ report: SweepReport, now: Int64) -> String {
        String(decoding: JSONValue.object([
            JSONMember("region", .string(report.region.code)),
            JSONMember("dry_run", .bool(report.dryRun)),
            JSONMember("now", .string(RFC3339.format(milliseconds: now))),
            JSONMember("expired_tokens", .number(String(report.expiredTokens))),
            JSONMember("expired_data", .number(String(report.expiredData))),
            JSONMember("deleted_profiles", .number(String(report.deletedProfiles))),
            JSONMember("deleted_data_keys", .number(String(report.deletedDataKeys))),
            JSONMember("wal_checkpointed", .bool(report.walCheckpointed)),
            JSONMember("milliseconds", .number(String(report.milliseconds))),
            JSONMember("skipped_busy", .bool(report.skippedBusy)),
        ]).serialized, as: UTF8.self)
    }
}
