import VaultCrypto

extension AuditFiles {
    /// Chains an anchor file names whose database is gone: removing a whole database (or restoring a data
    /// directory from before it existed) is the largest deletion there is, and the anchor proves it existed.
    /// Each with the reason `audit verify` prints.
    package static func anchoredButMissing(dataDirectory: String, keysDirectory: String,
                                           engine: any StoreEngine) -> [(chain: String, reason: String)] {
        let absent = allChains(dataDirectory: dataDirectory, engine: engine).filter { !engine.exists($0.path) }
        var missing: [(chain: String, reason: String)] = []
        for file in AuditAnchors.files(dataDirectory: dataDirectory) {
            let anchors: [AuditAnchor]
            do { anchors = try file.read() ?? [] } catch {
                missing.append(("anchors", String(describing: error)))
                continue
            }
            for chain in absent where !missing.contains(where: { $0.chain == chain.name }) {
                let name = chain.name
                guard let newest = anchors.filter({ $0.chain == name }).max(by: { $0.seq < $1.seq }) else { continue }
                let authentic = (try? KeyringFile.load(keysDirectory: keysDirectory, region: chain.keyringName))
                    .flatMap { try? newest.isAuthentic(under: $0.chainKey) } ?? false
                missing.append((name, authentic
                    ? "its database is missing, but \(file.path) anchors its record \(newest.seq): \(cause(chain))"
                    : "its database is missing, and \(file.path) names it with an anchor this vault's keyring does not verify"))
            }
        }
        return missing
    }

    /// Why a chain's database is missing. A file of the data directory's is not there: removed, or, where the
    /// anchor was written by a node that kept this store on PostgreSQL, never there, and the option naming
    /// that database was left out (the anchor cannot tell which, so the message names both).
    private static func cause(_ chain: Chain) -> String {
        if chain.engine.isShared(chain.path) {
            return "\(chain.path) holds no store (the database was removed, or this is not its database)"
        }
        let option = switch chain.kind {
        case .control: "--control-store"
        case .region(let region): "--store \(region.code)=..."
        case .setup: ""
        }
        guard !option.isEmpty else { return "the database \(chain.path) was removed" }
        return "there is no \(chain.path) and no \(option) was given: if this store is on PostgreSQL, name it with "
            + "\(option); if not, the database was removed"
    }
}
