import Vault

/// Options of `piivault keys init` and `piivault keys rotate`.
package struct KeysOptions: Equatable {
    package var keysDirectory = "./Keys"
    package var regions: [Region] = Region.allCases
    /// rotate: where to look for data the keyring already wraps.
    package var dataDirectory = "./data"
    /// rotate: rotate a keyring that wraps data without asking.
    package var yes = false

    // `--region` is known to init only to answer it with "use --regions".
    static let initValued: Set<String> = ["keys-dir", "regions", "region"]
    static let rotateValued: Set<String> = ["keys-dir", "region", "data-dir"]

    static let initHelp = """
        USAGE: piivault keys init [--keys-dir DIR] [--regions EU,US]

        Creates each missing region keyring under DIR (default ./Keys) with one random 256-bit root key,
        file mode 0600, and control.keyring, which keys the audit chain of tenant and key administration.
        Idempotent: an existing keyring is never overwritten.

        OPTIONS:
          --keys-dir DIR       Where keyrings live (default ./Keys)
          --regions LIST       Regions to create keyrings for (default EU,US)
          --help, -h           Show this help
        """

    static let rotateHelp = """
        USAGE: piivault keys rotate --region EU [--keys-dir DIR] [--data-dir DIR] [--yes]

        Adds a fresh primary key to one region's keyring. New data keys are wrapped under it; every older key
        stays in the file and keeps opening what it wrapped. Servers using this keys directory reread it within a
        second (copy the file to other nodes' keys directories yourself). Then `keys rewrap` moves every stored
        key under the new primary and `keys retire` removes an old key.
        When DIR already holds that region's database (the keyring wraps data), it asks first: type yes on a
        terminal, or pass --yes when standard input is not one (without it the command exits 2).

        OPTIONS:
          --region REGION      The region whose keyring to rotate (required)
          --keys-dir DIR       Where keyrings live (default ./Keys)
          --data-dir DIR       Where that region's database would be (default ./data)
          --yes                Rotate a keyring that wraps data without asking
          --help, -h           Show this help
        """

    init(_ args: Arguments, requireOneRegion: Bool) throws(UsageError) {
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        if requireOneRegion {
            guard let region = try args.region("region") else { throw UsageError("--region EU or --region US is required") }
            regions = [region]
            if let dir = args.value("data-dir") { dataDirectory = dir }
            yes = args.flag("yes")
        } else {
            if args.value("region") != nil { throw UsageError("use --regions with keys init") }
            if let parsed = try args.regions("regions") { regions = parsed }
        }
    }
}
