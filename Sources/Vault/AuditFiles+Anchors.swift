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
                    ? "its database is missing, but \(file.path) anchors its record \(newest.seq): the database was removed"
                    : "its database is missing, and \(file.path) names it with an anchor this vault's keyring does not verify"))
            }
        }
        return missing
    }
}
