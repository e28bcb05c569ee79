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
    /// Keys the control chain of the audit log; needed to administer tenants and keys, not to serve.
    let auditKey: HMACKey?
    /// Verified keys by secret hash, for `cacheMilliseconds`: the hot path skips the database, and a
    /// revocation still takes effect within that time.
    let verified = Locked<[[UInt8]: (key: APIKey, at: Int64)]>([:])
    let cacheMilliseconds: Int64 = 1_000

    public static let keyringName = "control"

    public init(dataDirectory: String, auditKey: HMACKey? = nil,
                clock: @escaping @Sendable () -> Int64 = { WallClock.milliseconds() }) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let db: Database
        do {
            db = try Database(path: dataDirectory + "/control.sqlite")
            try db.inTransaction { try db.migrate(Self.migrations) }
        } catch let error as DatabaseError {
            throw VaultError.store("cannot open the control database in \(dataDirectory): \(error.message)")
        }
        database = Locked(db)
        self.clock = clock
        self.auditKey = auditKey
    }

    /// Opens the control store with the audit key from `keysDirectory/control.keyring`, for administration.
    public static func forAdministration(dataDirectory: String, keysDirectory: String) throws -> ControlStore {
        let keyring: Keyring
        do {
            keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: keyringName)
        } catch let error as CryptoError {
            throw VaultError.keys(error.description)
        }
        return try ControlStore(dataDirectory: dataDirectory, auditKey: keyring.chainKey)
    }

    /// Appends an administration record to the control chain inside the caller's transaction.
    func audit(_ operation: String, tenant: Tenant, records: [String], in db: Database) throws {
        guard let auditKey else {
            throw VaultError.configuration("administration needs the control keyring (piivault keys init)")
        }
        let record = AuditRecord(at: clock(), requestID: "cli", tenant: tenant.name, keyID: "operator",
                                 operation: operation, records: records, outcome: "ok")
        try AuditChain.append(record, key: auditKey, in: db)
    }

    public func auditRecords(tenant: Tenant?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int) {
        try database.withLock {
            try AuditChain.records($0, chain: Self.keyringName, tenant: tenant?.name, offset: offset, count: count)
        }
    }

    public func verifyAudit() throws -> AuditChain.Verdict {
        guard let auditKey else { throw VaultError.configuration("verifying needs the control keyring") }
        return try database.withLock { try AuditChain.verify($0, key: auditKey) }
    }

    @discardableResult
    public func createTenant(_ tenant: Tenant, defaultRegion: Region?) throws -> TenantRecord {
        let record = TenantRecord(tenant: tenant, defaultRegion: defaultRegion, createdAt: clock())
        try database.withLock { db in
            try db.inTransaction {
                guard try Self.tenant(tenant, in: db) == nil else {
                    throw VaultError.configuration("tenant \(tenant.name) already exists")
                }
                try db.withStatement("INSERT INTO tenants(name, default_region, created_at) VALUES(?, ?, ?)") {
                    try $0.run([.text(tenant.name), .text(defaultRegion?.code ?? ""), .integer(record.createdAt)])
                }
                try audit("tenant.create", tenant: tenant, records: [tenant.name], in: db)
            }
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
