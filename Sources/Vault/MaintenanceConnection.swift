import VaultCrypto

/// A region's store opened by a command that works beside a running server (sweep, keys rewrap, retire and
/// status): its own connection, checked against the region's keyring as a server's is, and a way to record
/// what the command did in the region's audit chain.
struct MaintenanceConnection {
    let region: Region
    let location: String
    let keyring: Keyring
    let connection: any RegionConnection
    let dataDirectory: String

    /// Nil when the data directory (or `--store`) holds no store for `region`.
    static func open(_ region: Region, dataDirectory: String, keysDirectory: String,
                     engine: any StoreEngine) throws -> MaintenanceConnection? {
        let location = engine.location(of: .region(region), dataDirectory: dataDirectory)
        guard engine.exists(location) else { return nil }
        let keyring = try VaultKeyring.load(region.code, keysDirectory: keysDirectory, store: location, engine: engine)
        do {
            let connection = try engine.openRegion(region, at: location, serving: false)
            try connection.transaction { tables in
                try KeyringBinding.bind(tables, to: keyring, purpose: region.code, keysDirectory: keysDirectory,
                                        dataDirectory: dataDirectory, location: location, shared: engine.isShared(location))
            }
            return MaintenanceConnection(region: region, location: location, keyring: keyring, connection: connection,
                                         dataDirectory: dataDirectory)
        } catch let error as StoreError {
            throw VaultError.store("cannot open \(location): \(error.message)")
        }
    }

    /// Why a command that must see the region's store cannot go on without it (nothing was changed).
    static func missing(_ region: Region, dataDirectory: String, engine: any StoreEngine, doing: String) -> VaultError {
        let location = engine.location(of: .region(region), dataDirectory: dataDirectory)
        return .store("there is no \(region.code) store at \(location), so nothing can tell what is wrapped under its keys: "
                      + "give the --data-dir that holds it, or --store \(region.code)=... when it is on PostgreSQL; "
                      + "refusing to \(doing) (nothing was changed)")
    }

    /// Appends a record of `operation` by the command `actor` to the region's chain and moves its anchor.
    func record(_ operation: String, actor: String, outcome: String, at now: Int64) throws {
        let record = AuditRecord(at: now, requestID: "\(actor)-\(now)", tenant: "", keyID: actor, operation: operation,
                                 records: [], outcome: outcome)
        try connection.transaction { try $0.audit.append(record, key: keyring.chainKey) }
        try AuditAnchors.advance(connection.tables.audit, chain: region.code, key: keyring.chainKey, dataDirectory: dataDirectory)
    }
}
