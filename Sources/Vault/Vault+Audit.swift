#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto
import VaultStore

extension Vault {
    /// A tenant's newest `count` audit records in each region this node serves, one list per region's chain
    /// (newest first, by `seq`), with the total over all of them. Merge them (and any other chain) with
    /// `AuditRecord.mergedNewestFirst`: a page at `offset` needs `offset + count` of each.
    public func auditChains(tenant: Tenant, count: Int) throws -> (chains: [[AuditRecord]], total: Int) {
        var chains: [[AuditRecord]] = []
        var total = 0
        for (region, store) in stores.sorted(by: { $0.key.code < $1.key.code }) {
            let (records, regionTotal) = try store.readers.withConnection { db in
                try AuditChain.records(db, chain: region.code, tenant: tenant.name, offset: 0, count: count)
            }
            chains.append(records)
            total += regionTotal
        }
        return (chains, total)
    }
}

/// The audit chains of a data directory, checked offline (`piivault audit verify`, `audit tail`).
public enum AuditFiles {
    public struct Chain: Sendable {
        public let name: String
        public let path: String
        /// The keyring whose chain key keys this chain: the region's own, or `control`.
        public var keyringName: String { name == setupChainName ? ControlStore.keyringName : name }
    }

    /// The clienteling setup database's chain (keyed by the control keyring: it holds no customer data).
    public static let setupChainName = "setup"
    public static let setupDatabaseName = "clienteling.sqlite"

    /// The control chain and each region database present.
    public static func chains(dataDirectory: String) -> [Chain] {
        allChains(dataDirectory: dataDirectory).filter { FileManagerLite.exists($0.path) }
    }

    /// Every chain a vault can have, whether its database exists or not.
    static func allChains(dataDirectory: String) -> [Chain] {
        [Chain(name: ControlStore.keyringName, path: ControlStore.databasePath(dataDirectory: dataDirectory))]
            + Region.allCases.map { Chain(name: $0.code, path: RegionStore.databasePath(dataDirectory: dataDirectory, region: $0)) }
            + [Chain(name: setupChainName, path: dataDirectory + "/" + setupDatabaseName)]
    }

    public static func verify(_ chain: Chain, keysDirectory: String) throws -> AuditChain.Verdict {
        let (database, keyring) = try open(chain, keysDirectory: keysDirectory)
        let verdict = try AuditChain.verify(database, key: keyring.chainKey)
        guard case .intact = verdict else { return verdict }
        // An intact chain may still be shorter than it was, or another copy: the anchors say.
        return try AuditAnchors.verify(database, chain: chain.name, key: keyring.chainKey) ?? verdict
    }

    public static func records(_ chain: Chain, keysDirectory: String, tenant: Tenant?, last count: Int) throws -> [AuditRecord] {
        let (database, _) = try open(chain, keysDirectory: keysDirectory)
        return try AuditChain.records(database, chain: chain.name, tenant: tenant?.name, offset: 0, count: count).records
    }

    /// The chain's database, read-only, with its keyring, refused when the keyring is not the database's own
    /// (else a wrong --keys-dir would report every chain as tampered with).
    private static func open(_ chain: Chain, keysDirectory: String) throws -> (Database, Keyring) {
        let keyring = try VaultKeyring.load(chain.keyringName, keysDirectory: keysDirectory, database: chain.path)
        let database = try Database(path: chain.path, mode: .readOnly)
        try KeyringBinding.check(database, against: keyring, purpose: chain.name,
                                 keyringPath: KeyringFile.path(keysDirectory: keysDirectory, region: chain.keyringName))
        return (database, keyring)
    }
}

enum FileManagerLite {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
