import Foundation
import Locking
import VaultCrypto

/// The control store (`control.sqlite` in the data directory with SQLite): tenants and API keys. It holds no
/// PII and no secret: keys are stored as SHA-256 hashes of their 256-bit secrets.
package final class ControlStore: Sendable {
    package struct TenantRecord: Sendable, Equatable {
        package let tenant: Tenant
        /// Where its new data goes without `Residency-Region`; nil: the serving node's default region.
        package let defaultRegion: Region?
        package let createdAt: Int64
        /// Whether a node of another region may reveal its data (forwarded reveals, issue 17); false:
        /// `tenant create --no-cross-region-reads`.
        package let crossRegionReads: Bool

        package init(tenant: Tenant, defaultRegion: Region?, createdAt: Int64, crossRegionReads: Bool = true) {
            self.tenant = tenant
            self.defaultRegion = defaultRegion
            self.createdAt = createdAt
            self.crossRegionReads = crossRegionReads
        }
    }

    let database: Locked<any ControlConnection>
    let dataDirectory: String
    /// Where the store lives, as messages name it (a file, or a connection string without its password).
    package let location: String
    let clock: @Sendable () -> Int64
    /// Keys the control chain of the audit log.
    let auditKey: HMACKey
    /// Verified keys by secret hash, for `cacheMilliseconds`: the hot path skips the database, and a
    /// revocation still takes effect within that time.
    let verified = Locked<[[UInt8]: (key: APIKey, at: Int64)]>([:])
    let cacheMilliseconds: Int64 = 1_000
    /// Tenants' settings, read on every v2 profile answer: cached like verified keys, and dropped at once by
    /// this node's own updates (another node's show within `cacheMilliseconds`).
    let settingsCache = Locked<[Tenant: (settings: TenantSettings, at: Int64)]>([:])
    /// Seals secrets a tenant hands the vault (a CRM token) under the control keyring.
    let keyring: Keyring

    package static let keyringName = "control"

    /// Opens the control store of `dataDirectory` with `keysDirectory/control.keyring`, refusing a keyring
    /// the store was not made with. Only `creating` (tenant create) may start a new vault: every other
    /// command given a mistyped directory must say so, not answer from a new, empty vault.
    package init(dataDirectory: String, keysDirectory: String, engine: any StoreEngine, creating: Bool = false,
                 clock: @escaping @Sendable () -> Int64 = { WallClock.milliseconds() }) throws {
        let location = engine.location(of: .control, dataDirectory: dataDirectory)
        if !creating { try Self.requireVault(at: dataDirectory, engine: engine) }
        let keyring = try VaultKeyring.load(Self.keyringName, keysDirectory: keysDirectory, store: location, engine: engine)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let connection: any ControlConnection
        do {
            connection = try engine.openControl(at: location)
        } catch let error as StoreError {
            throw VaultError.store("cannot open the control store at \(location): \(error.message)")
        }
        try connection.transaction { tables in
            try KeyringBinding.bind(tables, to: keyring, purpose: Self.keyringName, keysDirectory: keysDirectory,
                                    dataDirectory: dataDirectory, location: location, shared: engine.isShared(location))
        }
        database = Locked(connection)
        self.location = location
        self.dataDirectory = dataDirectory
        self.clock = clock
        auditKey = keyring.chainKey
        self.keyring = keyring
    }

    /// Whether the control store answers a read within `milliseconds` (`/healthz`). Waits for the
    /// connection like any other use of it: one that is busy longer than that is as good as down.
    package func answers(within milliseconds: Int64) -> Bool {
        database.withLock { $0.answers(within: milliseconds) }
    }

    /// A vault is a directory holding a control store; anything else is a mistake to report.
    package static func requireVault(at dataDirectory: String, engine: any StoreEngine) throws {
        let location = engine.location(of: .control, dataDirectory: dataDirectory)
        guard engine.exists(location) else {
            // A shared store is named by its own location (the data directory holds no control store then).
            if engine.isShared(location) {
                throw VaultError.configuration("no vault at \(location) (run `piivault tenant create NAME` with the same "
                                               + "--control-store to start one)")
            }
            throw VaultError.configuration("no vault at \(dataDirectory) (run `piivault tenant create NAME --data-dir "
                                           + "\(dataDirectory)` to start one)")
        }
    }

    /// Runs `body` in a transaction of the control store, then anchors the control chain: an administration
    /// command is often the only writer of that chain, and nothing else would anchor it.
    func auditedTransaction<T>(_ body: (any ControlTables) throws -> T) throws -> T {
        try database.withLock { connection in
            let result = try connection.transaction(body)
            try AuditAnchors.advance(connection.tables.audit, chain: Self.keyringName, key: auditKey, dataDirectory: dataDirectory)
            return result
        }
    }

    /// Appends an administration record to the control chain inside the caller's transaction.
    func audit(_ operation: String, tenant: Tenant, records: [String], in tables: any ControlTables) throws {
        let record = AuditRecord(at: clock(), requestID: "cli", tenant: tenant.name, keyID: "operator",
                                 operation: operation, records: records, outcome: "ok")
        try tables.audit.append(record, key: auditKey)
    }

    package func auditRecords(tenant: Tenant?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int) {
        try database.withLock {
            try $0.tables.audit.page(chain: Self.keyringName, tenant: tenant?.name, offset: offset, count: count)
        }
    }

    @discardableResult
    package func createTenant(_ tenant: Tenant, defaultRegion: Region?, crossRegionReads: Bool = true) throws -> TenantRecord {
        let record = TenantRecord(tenant: tenant, defaultRegion: defaultRegion, createdAt: clock(), crossRegionReads: crossRegionReads)
        try auditedTransaction { tables in
            guard try tables.tenants.find(tenant) == nil else {
                throw VaultError.configuration("tenant \(tenant.name) already exists")
            }
            try tables.tenants.insert(record)
            try audit("tenant.create", tenant: tenant, records: [tenant.name], in: tables)
        }
        return record
    }

    package func tenant(_ tenant: Tenant) throws -> TenantRecord? {
        try database.withLock { try $0.tables.tenants.find(tenant) }
    }
}
