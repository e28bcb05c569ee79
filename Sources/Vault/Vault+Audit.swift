import VaultCrypto

extension Vault {
    /// A tenant's newest `count` audit records in each region this node serves, one list per region's chain
    /// (newest first, by `seq`), with the total over all of them. Merge them (and any other chain) with
    /// `AuditRecord.mergedNewestFirst`: a page at `offset` needs `offset + count` of each.
    package func auditChains(tenant: Tenant, count: Int) throws -> (chains: [[AuditRecord]], total: Int) {
        var chains: [[AuditRecord]] = []
        var total = 0
        for (region, store) in stores.sorted(by: { $0.key.code < $1.key.code }) {
            let (records, regionTotal) = try store.storage.read { tables in
                try tables.audit.page(chain: region.code, tenant: tenant.name, offset: 0, count: count)
            }
            chains.append(records)
            total += regionTotal
        }
        return (chains, total)
    }
}

/// The audit chains of a data directory, checked offline (`piivault audit verify`, `audit tail`).
package enum AuditFiles {
    package struct Chain: Sendable {
        package let name: String
        /// Where its store lives (a file path for SQLite).
        package let path: String
        /// What its store must hold.
        let kind: StoreKind
        let dataDirectory: String
        let engine: any StoreEngine
        /// The keyring whose chain key keys this chain: the region's own, or `control`.
        package var keyringName: String { AuditFiles.keyringName(of: name) }
    }

    /// The clienteling setup database's chain (keyed by the control keyring: it holds no customer data).
    package static let setupChainName = "setup"

    /// The keyring whose chain key keys the chain `name`: the region's own, or `control` (for the control and
    /// set-up chains).
    static func keyringName(of chain: String) -> String { chain == setupChainName ? ControlStore.keyringName : chain }

    /// The control chain and each region database present.
    package static func chains(dataDirectory: String, engine: any StoreEngine) -> [Chain] {
        allChains(dataDirectory: dataDirectory, engine: engine).filter { engine.exists($0.path) }
    }

    /// Each chain whose store is missing from where `engine` looks although this data directory's
    /// `audit.anchors` anchors it: a store kept elsewhere (PostgreSQL) the command was not told about, or a
    /// store that was lost. A command that must see every store (a backup) refuses then.
    package static func anchoredButMissing(dataDirectory: String, engine: any StoreEngine) throws -> [Chain] {
        let anchored = Set(try AuditAnchorFile.local(dataDirectory: dataDirectory).read()?.map(\.chain) ?? [])
        return allChains(dataDirectory: dataDirectory, engine: engine).filter { anchored.contains($0.name) && !engine.exists($0.path) }
    }

    /// Refuses a keyring the chain's store was not made with, naming both (before anything is copied or
    /// verified, so a wrong --keys-dir reads as such, never as tampering).
    package static func checkKeyring(_ chain: Chain, keysDirectory: String) throws {
        _ = try open(chain, keysDirectory: keysDirectory)
    }

    /// Every chain a vault can have, whether its database exists or not.
    static func allChains(dataDirectory: String, engine: any StoreEngine) -> [Chain] {
        let kinds: [StoreKind] = [.control] + Region.allCases.map(StoreKind.region) + [.setup]
        return kinds.map { kind in
            Chain(name: kind.name, path: engine.location(of: kind, dataDirectory: dataDirectory), kind: kind,
                  dataDirectory: dataDirectory, engine: engine)
        }
    }

    package static func verify(_ chain: Chain, keysDirectory: String) throws -> AuditChain.Verdict {
        let (connection, keyring) = try open(chain, keysDirectory: keysDirectory)
        let verdict = try connection.snapshot { try $0.audit.verify(key: keyring.chainKey) }
        guard case .intact = verdict else { return verdict }
        // An intact chain may still be shorter than it was, or another copy: the anchors say.
        return try AuditAnchors.verify(connection.tables, chain: chain.name, key: keyring.chainKey,
                                       dataDirectory: chain.dataDirectory) ?? verdict
    }

    package static func records(_ chain: Chain, keysDirectory: String, tenant: Tenant?, last count: Int) throws -> [AuditRecord] {
        let (connection, _) = try open(chain, keysDirectory: keysDirectory)
        return try connection.tables.audit.page(chain: chain.name, tenant: tenant?.name, offset: 0, count: count).records
    }

    /// The chain's store, read-only, with its keyring, refused when the store holds another region or kind
    /// of store, or the keyring is not the store's own (else a `--store EU=` naming the US database, or a
    /// wrong --keys-dir, would report every chain as tampered with).
    private static func open(_ chain: Chain, keysDirectory: String) throws -> (any ChainConnection, Keyring) {
        let keyring = try VaultKeyring.load(chain.keyringName, keysDirectory: keysDirectory, store: chain.path, engine: chain.engine)
        let connection = try chain.engine.openChain(at: chain.path)
        if let held = try connection.tables.heldKind(), held != chain.kind {
            throw VaultError.store("\(chain.path) holds \(describe(held)), not \(describe(chain.kind))")
        }
        try KeyringBinding.check(connection.tables, against: keyring, purpose: chain.name, keysDirectory: keysDirectory,
                                 location: chain.path)
        return (connection, keyring)
    }

    /// As `serve` names them when it refuses a store (`... holds region US, not EU`).
    private static func describe(_ kind: StoreKind) -> String {
        switch kind {
        case .control: "the control store"
        case .region(let region): "region \(region.code)"
        case .setup: "the set-up store"
        }
    }
}
