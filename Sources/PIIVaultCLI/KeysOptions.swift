import Vault

/// Options of `piivault keys init` and `piivault keys rotate`.
public struct KeysOptions: Equatable {
    public var keysDirectory = "./Keys"
    public var regions: [Region] = Region.allCases

    static let valuedOptions: Set<String> = ["keys-dir", "regions", "region"]

    static let help = """
        USAGE: piivault keys <init|rotate> --keys-dir DIR

        Region keyrings live in DIR as <REGION>.keyring, mode 0600 (format: Keys/README.md).
        Run `piivault keys init --help` or `piivault keys rotate --help`.
        """

    static let initHelp = """
        USAGE: piivault keys init [--keys-dir DIR] [--regions EU,US]

        Creates each missing region keyring under DIR (default ./Keys) with one random 256-bit root key,
        file mode 0600, and control.keyring, which keys the audit chain of tenant and key administration.
        Idempotent: an existing keyring is never overwritten.

        OPTIONS:
          --keys-dir DIR       Where keyrings live (default ./Keys)
          --regions LIST       Regions to create keyrings for (default EU,US)
          --help               Show this help
        """

    static let rotateHelp = """
        USAGE: piivault keys rotate --region EU [--keys-dir DIR]

        Adds a fresh primary key to one region's keyring. New data keys are wrapped under it; every older key
        stays in the file and keeps opening what it wrapped. Restart the servers of that region afterwards.

        OPTIONS:
          --keys-dir DIR       Where keyrings live (default ./Keys)
          --region REGION      The region whose keyring to rotate (required)
          --help               Show this help
        """

    init(_ args: Arguments, requireOneRegion: Bool) throws(UsageError) {
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        if requireOneRegion {
            guard let region = try args.region("region") else { throw UsageError("--region EU or --region US is required") }
            regions = [region]
        } else {
            if args.value("region") != nil { throw UsageError("use --regions with keys init") }
            if let parsed = try args.regions("regions") { regions = parsed }
        }
    }
}
