import Vault
import VaultAPI

/// `piivault audit verify` and `piivault audit tail`.
package struct AuditOptions: Equatable {
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var tenant: Tenant?
    package var count = 20

    static let valued: Set<String> = (["data-dir", "keys-dir", "tenant", "n"] as Set<String>).union(StoreOptions.valued)
    static let verifyHelp = """
        USAGE: piivault audit verify [--data-dir DIR] [--keys-dir DIR]

        Checks every audit chain in DIR (key administration, each region, clienteling set-up) link by link
        and against its keyed head. Exits 0 if all are intact; otherwise names the first bad record of each
        broken chain and exits 1. Needs the keyrings (--keys-dir, default ./Keys) of the chains it checks.
        """ + StoreOptions.helpSection
    static let tailHelp = """
        USAGE: piivault audit tail [--data-dir DIR] [--keys-dir DIR] [--tenant NAME] [-n N]

        Prints the last N audit records (default 20) of all chains, oldest first, one JSON object per line.
        Records name record ids, never tokens or values.
        """

    init(_ args: Arguments) throws(UsageError) {
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        stores = try StoreOptions(args)
        if let name = args.value("tenant") {
            guard let tenant = Tenant(name) else { throw UsageError("--tenant must match ^[a-z0-9][a-z0-9-]{0,62}$") }
            self.tenant = tenant
        }
        count = try args.integer("n", default: 20, range: 1...100_000)
        if let extra = args.positional.first { throw UsageError("unexpected argument '\(extra)'") }
    }
}

enum AuditCommand {
    /// Lines to print, and whether every chain is intact.
    static func verify(_ options: AuditOptions) -> (lines: [String], intact: Bool) {
        let engine: any StoreEngine
        do {
            engine = try StoreWiring.engine(options.stores)
            try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        } catch {
            return (["\(error)"], false)
        }
        return verifyChains(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: engine)
    }

    /// The chains' part of `verify`, for a directory known to hold a vault (`restore` checks its result with it,
    /// also when the control store is elsewhere).
    static func verifyChains(dataDirectory: String, keysDirectory: String, engine: any StoreEngine) -> (lines: [String], intact: Bool) {
        var lines: [String] = []
        var intact = true
        let options = (dataDirectory: dataDirectory, keysDirectory: keysDirectory)
        let chains = AuditFiles.chains(dataDirectory: options.dataDirectory, engine: engine)
        for chain in chains {
            do {
                switch try AuditFiles.verify(chain, keysDirectory: options.keysDirectory) {
                case .intact(let records):
                    lines.append("\(chain.name): \(records) records, intact")
                case .broken(let seq, let reason):
                    intact = false
                    lines.append(seq > 0 ? "\(chain.name): BROKEN at record \(seq): \(reason)" : "\(chain.name): BROKEN: \(reason)")
                }
            } catch {
                intact = false
                lines.append("\(chain.name): cannot verify: \(error)")
            }
        }
        for (chain, reason) in AuditFiles.anchoredButMissing(dataDirectory: options.dataDirectory,
                                                              keysDirectory: options.keysDirectory, engine: engine) {
            intact = false
            lines.append("\(chain): BROKEN: \(reason)")
        }
        return (lines, intact)
    }

    static func tail(_ options: AuditOptions) throws -> [String] {
        let engine = try StoreWiring.engine(options.stores)
        try ControlStore.requireVault(at: options.dataDirectory, engine: engine)
        var chains: [[AuditRecord]] = []
        for chain in AuditFiles.chains(dataDirectory: options.dataDirectory, engine: engine) {
            chains.append(try AuditFiles.records(chain, keysDirectory: options.keysDirectory, tenant: options.tenant,
                                                 last: options.count))
        }
        // Oldest first, like tail(1): the newest `count`, reversed; each chain in its own (seq) order.
        return AuditRecord.mergedNewestFirst(chains).prefix(options.count).reversed().map(AuditJSON.line)
    }
}
