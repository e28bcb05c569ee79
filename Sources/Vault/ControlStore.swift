import Foundation
import Locking
import VaultCrypto
import VaultStore

/// The control database (`control.sqlite` in the data directory): tenants and API keys. It holds no PII
/// and no secret: keys are stored as SHA-256 hashes of their 256-bit secrets.
public final class ControlStore: Sendable {
    public struct TenantRecord: Sendable, Equatable {
        public let tenant: Tenant
        /// Where its new data goes without `Residency-Region`; nil: the serving node's default region.
        public let defaultRegion: Region?
        public let createdAt: Int64
    }

    static let migrations: [String] = [
        """
        CREATE TABLE tenants(name TEXT PRIMARY KEY, default_region TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE api_keys(
            id TEXT PRIMARY KEY, tenant TEXT NOT NULL REFERENCES tenants(name), name TEXT NOT NULL,
            scopes TEXT NOT NULL, secret_hash BLOB NOT NULL, created_at INTEGER NOT NULL,
            expires_at INTEGER, revoked_at INTEGER, last_used_at INTEGER) WITHOUT ROWID;
        """,
        AuditChain.schema,
    ]

    let database: Locked<Database>
    let clock: @Sendable () -> Int64
    /// Keys the control chain of the audit log.
    let auditKey: HMACKey
    /// Verified keys by secret hash, for `cacheMilliseconds`: the hot path skips the database, and a
    /// revocation still takes effect within that time.
    let verified = Locked<[[UInt8]: (key: APIKey, at: Int64)]>([:])
    let cacheMilliseconds: Int64 = 1_000

    public static let keyringName = "control"

    /// Opens the control database of `dataDirectory` with `keysDirectory/control.keyring`, refusing a keyring
    /// the database was not made with. Only `creating` (tenant create) may start a new vault: every other
    /// command given a mistyped directory must say so, not answer from a new, empty vault.
    public init(dataDirectory: String, keysDirectory: String, creating: Bool = false,
                clock: @escaping @Sendable () -> Int64 = { WallClock.milliseconds() }) throws {
        let path = Self.databasePath(dataDirectory: dataDirectory)
        if !creating { try Self.requireVault(at: dataDirectory) }
        let keyring = try VaultKeyring.load(Self.keyringName, keysDirectory: keysDirectory, database: path)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let db: Database
        do {
            db = try Database(path: path)
            try db.inTransaction { try db.migrate(Self.migrations) }
        } catch let error as DatabaseError {
            throw VaultError.store("cannot open the control database in \(dataDirectory): \(error.message)")
        }
        try KeyringBinding.bind(db, to: keyring, purpose: Self.keyringName,
                                keyringPath: KeyringFile.path(keysDirectory: keysDirectory, region: Self.keyringName))
        database = Locked(db)
        self.clock = clock
        auditKey = keyring.chainKey
    }

    static func databasePath(dataDirectory: String) -> String { dataDirectory + "/control.sqlite" }

    /// A vault is a directory holding a control database; anything else is a mistake to report.
    public static func requireVault(at dataDirectory: String) throws {
        guard access(databasePath(dataDirectory: dataDirectory), F_OK) == 0 else {
            throw VaultError.configuration("no vault at \(dataDirectory) (run `piivault tenant create NAME --data-dir "
                                           + "\(dataDirectory)` to start one)")
        }
    }

    /// Runs `body` in a transaction of the control database, then anchors the control chain: an
    /// administration command is often the only writer of that chain, and nothing else would anchor it.
    func auditedTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try database.withLock { db in
            let result = try db.inTransaction { try body(db) }
            try AuditAnchors.advance(db, chain: Self.keyringName, key: auditKey)
            return result
        }
    }

    /// Appends an administration record to the control chain inside the caller's transaction.
    func audit(_ operation: String, tenant: Tenant, records: [String], in db: Database) throws {
        let record = AuditRecord(at: clock(), requestID: "cli", tenant: tenant.name, keyID: "operator",
                                 operation: operation, records: records, outcome: "ok")
        try AuditChain.append(record, key: auditKey, in: db)
    }

    public func auditRecords(tenant: Tenant?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int) {
        try database.withLock {
            try AuditChain.records($0, chain: Self.keyringName, tenant: tenant?.name, offset: offset, count: count)
        }
    }

    @discardableResult
    public func createTenant(_ tenant: Tenant, defaultRegion: Region?) throws -> TenantRecord {
        let record = TenantRecord(tenant: tenant, defaultRegion: defaultRegion, createdAt: clock())
        try auditedTransaction { db in
            guard try Self.tenant(tenant, in: db) == nil else {
                throw VaultError.configuration("tenant \(tenant.name) already exists")
            }
            try db.withStatement("INSERT INTO tenants(name, default_region, created_at) VALUES(?, ?, ?)") {
                try $0.run([.text(tenant.name), .text(defaultRegion?.code ?? ""), .integer(record.createdAt)])
            }
            try audit("tenant.create", tenant: tenant, records: [tenant.name], in: db)
        }
        return record
    }

    public func tenant(_ tenant: Tenant) throws -> TenantRecord? {
        try database.withLock { try Self.tenant(tenant, in: $0) }
    }

    static func tenant(_ tenant: Tenant, in db: Database) throws -> TenantRecord? {
        try db.withStatement("SELECT default_region, created_at FROM tenants WHERE name = ?") { s in
            try s.bind([.text(tenant.name)])
            // An empty region is a tenant without a default of its own.
            guard try s.step() else { return nil }
            return TenantRecord(tenant: tenant, defaultRegion: Region(code: s.text(0)), createdAt: s.int64(1))
        }
    }
}
