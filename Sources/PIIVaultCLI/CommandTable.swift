/// Every command and subcommand the CLI knows, in the order the overview lists them. Help, `piivault help`,
/// unknown-subcommand errors and the overview are all read from this one table, so a new subcommand cannot
/// be reachable without help, or listed without being reachable.
enum CommandTable {
    static let all: [CommandSpec] = [
        CommandSpec(words: ["serve"], summary: "Serve the HTTP API", help: ServeOptions.help,
                    valued: ServeOptions.valuedOptions, flags: ["legacy-v0"], repeatable: ["peer"]) { args throws(UsageError) in
            try args.noPositional()
            return .serve(try ServeOptions(args))
        },
        CommandSpec(words: ["keys", "init"], summary: "Create any missing region keyring", help: KeysOptions.initHelp,
                    valued: KeysOptions.initValued) { args throws(UsageError) in
            try args.noPositional()
            return .keysInit(try KeysOptions(args, requireOneRegion: false))
        },
        CommandSpec(words: ["keys", "rotate"], summary: "Add a new primary key to a region keyring (old keys keep decrypting)",
                    help: KeysOptions.rotateHelp, valued: KeysOptions.rotateValued, flags: ["yes"]) { args throws(UsageError) in
            try args.noPositional()
            return .keysRotate(try KeysOptions(args, requireOneRegion: true))
        },
        CommandSpec(words: ["keys", "status"], summary: "List each keyring's keys and how many stored keys each wraps",
                    help: KeyLifecycleOptions.statusHelp, valued: KeyLifecycleOptions.statusValued, flags: ["json"]) { args throws(UsageError) in
            .keysStatus(try KeyLifecycleOptions(args, .status))
        },
        CommandSpec(words: ["keys", "rewrap"], summary: "Re-wrap a region's stored keys under its primary key (online, resumable)",
                    help: KeyLifecycleOptions.rewrapHelp, valued: KeyLifecycleOptions.rewrapValued) { args throws(UsageError) in
            .keysRewrap(try KeyLifecycleOptions(args, .rewrap))
        },
        CommandSpec(words: ["keys", "retire"], summary: "Remove a key no stored key is wrapped under from its keyring",
                    help: KeyLifecycleOptions.retireHelp, valued: KeyLifecycleOptions.retireValued) { args throws(UsageError) in
            .keysRetire(try KeyLifecycleOptions(args, .retire))
        },
        CommandSpec(words: ["tenant", "create"], summary: "Register a tenant and its default region",
                    help: TenantCreateOptions.help, valued: TenantCreateOptions.valued,
                    flags: TenantCreateOptions.flags) { args throws(UsageError) in
            .tenantCreate(try TenantCreateOptions(args))
        },
        CommandSpec(words: ["tenant", "list"], summary: "List tenants with their default region",
                    help: TenantListOptions.help, valued: TenantListOptions.valued, flags: ["json"]) { args throws(UsageError) in
            .tenantList(try TenantListOptions(args))
        },
        CommandSpec(words: ["apikey", "create"], summary: "Create a scoped API key (prints its secret once)",
                    help: APIKeyCreateOptions.help, valued: APIKeyCreateOptions.valued) { args throws(UsageError) in
            try args.noPositional()
            return .apiKeyCreate(try APIKeyCreateOptions(args))
        },
        CommandSpec(words: ["apikey", "list"], summary: "List API keys (never their secrets)",
                    help: APIKeyListOptions.help, valued: APIKeyListOptions.valued, flags: ["json"]) { args throws(UsageError) in
            .apiKeyList(try APIKeyListOptions(args))
        },
        CommandSpec(words: ["apikey", "revoke"], summary: "Revoke an API key at once",
                    help: APIKeyRevokeOptions.help, valued: APIKeyRevokeOptions.valued) { args throws(UsageError) in
            .apiKeyRevoke(try APIKeyRevokeOptions(args))
        },
        CommandSpec(words: ["audit", "verify"], summary: "Check every audit chain; exit 1 naming the first bad record",
                    help: AuditOptions.verifyHelp, valued: AuditOptions.valued) { args throws(UsageError) in
            .auditVerify(try AuditOptions(args))
        },
        CommandSpec(words: ["audit", "tail"], summary: "Print the last audit records as JSON lines",
                    help: AuditOptions.tailHelp, valued: AuditOptions.valued) { args throws(UsageError) in
            .auditTail(try AuditOptions(args))
        },
        CommandSpec(words: ["sweep"], summary: "Remove what has expired and finish deletions (run hourly)",
                    help: SweepOptions.help, valued: SweepOptions.valued, flags: ["dry-run"]) { args throws(UsageError) in
            .sweep(try SweepOptions(args))
        },
        CommandSpec(words: ["migrate-store"], summary: "Copy a SQLite data directory into PostgreSQL (resumable, verified)",
                    help: MigrateStoreOptions.help, valued: MigrateStoreOptions.valued) { args throws(UsageError) in
            .migrateStore(try MigrateStoreOptions(args))
        },
        CommandSpec(words: ["backup"], summary: "Copy every database and the deletion ledger, with a checked manifest (never the keys)",
                    help: BackupOptions.help, valued: BackupOptions.valued) { args throws(UsageError) in
            .backup(try BackupOptions(args))
        },
        CommandSpec(words: ["restore"], summary: "Restore a backup into a new data directory, re-apply later deletions, verify",
                    help: RestoreOptions.help, valued: RestoreOptions.valued,
                    repeatable: RestoreOptions.repeatable) { args throws(UsageError) in
            .restore(try RestoreOptions(args))
        },
        CommandSpec(words: ["help"], summary: "Show a command's help: piivault help apikey create", help: helpHelp,
                    valued: []) { args throws(UsageError) in
            try help(for: args.positional)
        },
        CommandSpec(words: ["version"], summary: "Print the version (also: piivault --version)", help: versionHelp,
                    valued: []) { args throws(UsageError) in
            try args.noPositional()
            return .version
        },
    ]

    static let helpHelp = """
        USAGE: piivault help [COMMAND [SUBCOMMAND]]

        Prints the help of a command or subcommand, the same text as `piivault COMMAND [SUBCOMMAND] --help`;
        without a command, the list of commands.
        """

    static let versionHelp = """
        USAGE: piivault version
               piivault --version

        Prints the version of this binary: piivault \(PIIVaultVersion.current).
        """

    /// What the first words of a command line name.
    enum Resolution {
        case command(CommandSpec, rest: ArraySlice<String>)
        /// A command with subcommands, given none (or `--help`): its overview.
        case group(String)
    }

    static func resolve(_ words: ArraySlice<String>) throws(UsageError) -> Resolution {
        guard let first = words.first else { return .group("") }
        let rest = words.dropFirst()
        let family = all.filter { $0.words[0] == first }
        guard !family.isEmpty else { throw UsageError("unknown command '\(first)'", see: "piivault --help") }
        if let single = family.first(where: { $0.words.count == 1 }) { return .command(single, rest: rest) }
        guard let sub = rest.first, !["--help", "-h", "help"].contains(sub) else { return .group(first) }
        guard let spec = family.first(where: { $0.words[1] == sub }) else {
            throw UsageError("unknown \(first) command '\(sub)': use \(alternatives(family.map { $0.words[1] }))",
                             see: "piivault \(first) --help")
        }
        return .command(spec, rest: rest.dropFirst())
    }

    /// `piivault help WORDS`.
    static func help(for words: [String]) throws(UsageError) -> Command {
        switch try resolve(words[...]) {
        case .group(let name):
            return .help(groupHelp(name))
        case .command(let spec, let rest):
            if let extra = rest.first {
                throw UsageError("\(spec.name) has no subcommand '\(extra)'")
            }
            return .help(spec.help)
        }
    }

    /// The overview of all commands (`name` empty) or of one command's subcommands.
    static func groupHelp(_ name: String) -> String {
        guard !name.isEmpty else { return usage }
        let family = all.filter { $0.words.count == 2 && $0.words[0] == name }
        let note = name == "keys" ? "\nRegion keyrings live in DIR as <REGION>.keyring, mode 0600 (format: Keys/README.md).\n" : ""
        return """
            USAGE: piivault \(name) <\(family.map { $0.words[1] }.joined(separator: "|"))> [options]

            SUBCOMMANDS:
            \(listing(family.map { ($0.words[1], $0.summary) }))
            \(note)
            Run `piivault \(name) <subcommand> --help` (or `piivault help \(name) <subcommand>`) for its options.
            """
    }

    static var usage: String {
        """
        piivault \(PIIVaultVersion.current): a residency-aware PII tokenization vault

        USAGE: piivault <command> [options]

        COMMANDS:
        \(listing(all.map { ($0.words.joined(separator: " "), $0.summary) }))

        Run `piivault <command> --help` or `piivault help <command>` for a command's options.
        Every command also takes --audit-anchor FILE (or PIIVAULT_AUDIT_ANCHOR): an audit anchor file
        outside the data directory, appended to and checked against (README: Audit log).
        Exit status: 0 ok, 1 failure, 2 usage error.
        """
    }

    private static func listing(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { "  " + $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }
            .joined(separator: "\n")
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }
}
