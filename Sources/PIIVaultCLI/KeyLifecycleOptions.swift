import Vault

/// Options of `piivault keys status`, `keys rewrap` and `keys retire`.
package struct KeyLifecycleOptions: Equatable {
    package var keysDirectory = "./Keys"
    package var dataDirectory = "./data"
    package var stores = StoreOptions()
    /// status: the regions to show (all by default); rewrap and retire: exactly one.
    package var regions: [Region] = Region.allCases
    package var json = false
    /// rewrap: keys per second at most (nil: no limit but the pause after each batch).
    package var rate: Int?
    package var batch = 100
    /// retire: the key to retire, or (nil) every live key but the `keep` newest.
    package var keyID: UInt32?
    package var keep: Int?

    static let statusValued: Set<String> = Set(["keys-dir", "data-dir", "region"]).union(StoreOptions.valued)
    static let rewrapValued: Set<String> = Set(["keys-dir", "data-dir", "region", "rate", "batch"]).union(StoreOptions.valued)
    static let retireValued: Set<String> = Set(["keys-dir", "data-dir", "region", "key-id", "keep"]).union(StoreOptions.valued)

    private static let common = """
          --keys-dir DIR       Where keyrings live (default ./Keys)
          --data-dir DIR       Where the region databases live (default ./data)
          --help, -h           Show this help
        """

    static let statusHelp = """
        USAGE: piivault keys status [--region EU] [--keys-dir DIR] [--data-dir DIR] [--json]

        Lists, per region, the keyring's keys: id, created, primary, retired, and how many stored keys are
        wrapped under each (tenants' data keys, profiles' keys, set-up documents' seals), read from their
        headers without opening anything. A key with rows left cannot be retired yet: `keys rewrap` first.

        OPTIONS:
          --region REGION      Only this region (default: every region with a keyring)
          --json               One JSON object per region
        """ + "\n" + common + StoreOptions.helpSection

    static let rewrapHelp = """
        USAGE: piivault keys rewrap --region EU [--rate N] [--batch N] [--keys-dir DIR] [--data-dir DIR]

        Re-wraps every key of the region that an older keyring key wraps (tenants' data keys, profiles'
        keys, set-up documents' seals) under the keyring's primary, while the servers run, so the older
        keys can be retired (`keys retire`). Run it after `keys rotate` once every server of the region has
        the rotated keyring (they reread it within a second). Each batch is one short transaction, and the
        pass pauses after each for as long as the batch took, so serving goes on. Resumable: killed at any
        point, run it again and it goes on where it stopped; a row is never re-wrapped twice.
        Progress: a bar with rate and ETA on a terminal, else JSON lines
        {"processed":N,"total":N,"failed":N,"elapsed_s":S}. Audited at start and end. Exit 1 naming the
        rows it could not re-wrap (left as they were).

        OPTIONS:
          --region REGION      The region whose keys to re-wrap (required)
          --rate N             At most N keys per second (default: no limit but the pauses)
          --batch N            Keys per transaction, 1 to 1000 (default 100; at most N of --rate)
        """ + "\n" + common + StoreOptions.helpSection

    static let retireHelp = """
        USAGE: piivault keys retire --region EU (--key-id ID | --keep N) [--keys-dir DIR] [--data-dir DIR]

        Removes key ID's secret from the region's keyring (the file is rewritten atomically, mode 0600) and
        records the retirement in the region's audit chain. Refused for the primary key, and while any stored
        key is still wrapped under ID (the message gives the count: run `keys rewrap` first). Once retired,
        nothing wrapped under ID opens again, in the live vault or in any backup taken before: that is how
        erasure reaches old backups (docs/erasure.md). Retire it in every copy of the keyring (every node's
        --keys-dir, the keyring backups you keep for restores within the retention you promise).

        OPTIONS:
          --region REGION      The region whose keyring to change (required)
          --key-id ID          The key to retire, as `keys status` prints it (8 hex digits)
          --keep N             Instead: retire every live key but the N newest (the primary among them),
                               oldest first, stopping at the first refusal; N from 1 to 100. With a monthly
                               rotate and rewrap, --keep 2 keeps last month's backups restorable and makes
                               older ones unopenable (deploy/ schedules exactly that)
        """ + "\n" + common + StoreOptions.helpSection

    enum Subcommand { case status, rewrap, retire }

    init(_ args: Arguments, _ subcommand: Subcommand) throws(UsageError) {
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        if let dir = args.value("data-dir") { dataDirectory = dir }
        stores = try StoreOptions(args)
        if let extra = args.positional.first { throw UsageError("unexpected argument '\(extra)'") }
        let region = try args.region("region")
        switch subcommand {
        case .status:
            if let region { regions = [region] }
            json = args.flag("json")
            return
        case .rewrap, .retire:
            guard let region else { throw UsageError("--region EU or --region US is required") }
            regions = [region]
        }
        if subcommand == .rewrap {
            if args.value("rate") != nil { rate = try args.integer("rate", default: 0, range: 1...1_000_000) }
            batch = try args.integer("batch", default: 100, range: 1...1_000)
        } else {
            switch (args.value("key-id"), args.value("keep")) {
            case (let text?, nil):
                guard text.count == 8, let id = UInt32(text, radix: 16) else {
                    throw UsageError("--key-id must be a key id as `piivault keys status` prints it: 8 hex digits")
                }
                keyID = id
            case (nil, _?):
                keep = try args.integer("keep", default: 2, range: 1...100)
            default:
                throw UsageError("give --key-id ID (one key, see `piivault keys status`) or --keep N (all but the N newest)")
            }
        }
    }
}
