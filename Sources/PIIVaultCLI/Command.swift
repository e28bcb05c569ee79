import Vault

/// What the command line asks for.
package enum Command: Equatable {
    case serve(ServeOptions)
    case keysInit(KeysOptions)
    case keysRotate(KeysOptions)
    case keysStatus(KeyLifecycleOptions)
    case keysRewrap(KeyLifecycleOptions)
    case keysRetire(KeyLifecycleOptions)
    case tenantCreate(TenantCreateOptions)
    case tenantList(TenantListOptions)
    case apiKeyCreate(APIKeyCreateOptions)
    case apiKeyList(APIKeyListOptions)
    case apiKeyRevoke(APIKeyRevokeOptions)
    case auditVerify(AuditOptions)
    case auditTail(AuditOptions)
    case sweep(SweepOptions)
    case migrateStore(MigrateStoreOptions)
    case backup(BackupOptions)
    case restore(RestoreOptions)
    /// Print this text and exit 0.
    case help(String)
    case version

    package static var usage: String { CommandTable.usage }

    /// Every usage error names the help to read: the subcommand's, its command's, or the overview.
    package static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        switch arguments.first {
        case nil, "--help", "-h":
            return .help(usage)
        case "--version":
            guard arguments.count == 1 else { throw UsageError("--version takes no arguments", see: "piivault --help") }
            return .version
        default:
            switch try CommandTable.resolve(arguments[...]) {
            case .group(let name): return .help(CommandTable.groupHelp(name))
            case .command(let spec, let rest): return try spec.parse(rest)
            }
        }
    }
}
