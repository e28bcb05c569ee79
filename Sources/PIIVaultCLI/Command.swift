import Vault

/// What the command line asks for.
public enum Command: Equatable {
    case serve(ServeOptions)
    case keysInit(KeysOptions)
    case keysRotate(KeysOptions)
    case tenantCreate(TenantCreateOptions)
    case apiKeyCreate(APIKeyCreateOptions)
    case apiKeyList(APIKeyListOptions)
    case apiKeyRevoke(APIKeyRevokeOptions)
    case auditVerify(AuditOptions)
    case auditTail(AuditOptions)
    case sweep(SweepOptions)
    /// Print this text and exit 0.
    case help(String)

    public static let usage = """
        piivault: a residency-aware PII tokenization vault

        USAGE: piivault <command> [options]

        COMMANDS:
          serve         Serve the HTTP API
          keys init     Create any missing region keyring
          keys rotate   Add a new primary key to a region keyring (old keys keep decrypting)
          tenant create Register a tenant and its default region
          apikey create Create a scoped API key (prints its secret once)
          apikey list   List API keys (never their secrets)
          apikey revoke Revoke an API key at once
          audit verify  Check every audit chain; exit 1 naming the first bad record
          audit tail    Print the last audit records as JSON lines
          sweep         Remove what has expired and finish deletions (run hourly)

        Run `piivault <command> --help` for a command's options.
        """

    public static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        guard let first = arguments.first else { return .help(usage) }
        let rest = arguments.dropFirst()
        switch first {
        case "--help", "-h", "help":
            return .help(usage)
        case "serve":
            let args = try Arguments(rest, valued: ServeOptions.valuedOptions)
            if args.wantsHelp { return .help(ServeOptions.help) }
            try noPositional(args)
            return .serve(try ServeOptions(args))
        case "keys":
            guard let sub = rest.first else { return .help(KeysOptions.help) }
            let args = try Arguments(rest.dropFirst(), valued: KeysOptions.valuedOptions)
            switch sub {
            case "--help", "-h", "help": return .help(KeysOptions.help)
            case "init":
                if args.wantsHelp { return .help(KeysOptions.initHelp) }
                try noPositional(args)
                return .keysInit(try KeysOptions(args, requireOneRegion: false))
            case "rotate":
                if args.wantsHelp { return .help(KeysOptions.rotateHelp) }
                try noPositional(args)
                return .keysRotate(try KeysOptions(args, requireOneRegion: true))
            default:
                throw UsageError("unknown keys command '\(sub)': use init or rotate")
            }
        case "tenant":
            guard rest.first == "create" else { return .help(TenantCreateOptions.help) }
            let args = try Arguments(rest.dropFirst(), valued: TenantCreateOptions.valued)
            if args.wantsHelp { return .help(TenantCreateOptions.help) }
            return .tenantCreate(try TenantCreateOptions(args))
        case "audit":
            let sub = rest.first ?? ""
            let args = try Arguments(rest.dropFirst(), valued: AuditOptions.valued)
            switch sub {
            case "verify": return args.wantsHelp ? .help(AuditOptions.verifyHelp) : .auditVerify(try AuditOptions(args))
            case "tail": return args.wantsHelp ? .help(AuditOptions.tailHelp) : .auditTail(try AuditOptions(args))
            case "", "--help", "-h", "help": return .help(AuditOptions.verifyHelp + "\n" + AuditOptions.tailHelp)
            default: throw UsageError("unknown audit command '\(sub)': use verify or tail")
            }
        case "sweep":
            let args = try Arguments(rest, valued: SweepOptions.valued, flagNames: ["dry-run"])
            if args.wantsHelp { return .help(SweepOptions.help) }
            return .sweep(try SweepOptions(args))
        case "apikey":
            let sub = rest.first ?? ""
            let tail = rest.dropFirst()
            switch sub {
            case "create":
                let args = try Arguments(tail, valued: APIKeyCreateOptions.valued)
                if args.wantsHelp { return .help(APIKeyCreateOptions.help) }
                try noPositional(args)
                return .apiKeyCreate(try APIKeyCreateOptions(args))
            case "list":
                let args = try Arguments(tail, valued: APIKeyListOptions.valued, flagNames: ["json"])
                if args.wantsHelp { return .help(APIKeyListOptions.help) }
                return .apiKeyList(try APIKeyListOptions(args))
            case "revoke":
                let args = try Arguments(tail, valued: APIKeyRevokeOptions.valued)
                if args.wantsHelp { return .help(APIKeyRevokeOptions.help) }
                return .apiKeyRevoke(try APIKeyRevokeOptions(args))
            case "", "--help", "-h", "help":
                return .help([APIKeyCreateOptions.help, APIKeyListOptions.help, APIKeyRevokeOptions.help].joined(separator: "\n"))
            default:
                throw UsageError("unknown apikey command '\(sub)': use create, list or revoke")
            }
        default:
            throw UsageError("unknown command '\(first)'")
        }
    }

    private static func noPositional(_ args: Arguments) throws(UsageError) {
        if let extra = args.positional.first { throw UsageError("unexpected argument '\(extra)'") }
    }
}
