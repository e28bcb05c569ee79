import Foundation
import Synchronization
import VaultStore

/// The control database (`control.sqlite` in the data directory): tenants and API keys. It holds no PII
/// and no secret: keys are stored as SHA-256 hashes of their 256-bit secrets.
public final class ControlStore: Sendable {
    public struct TenantRecord: Sendable, Equatable {
        public let tenant: Tenant
        public let defaultRegion: Region
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

    let database: Mutex<Database>
    let clock: @Sendable () -> Int64
    /// Verified keys by secret hash, for `cacheMilliseconds`: the hot path skips the database, and a
    /// revocation still takes effect within that time.
    let verified = Mutex<[[UInt8]: (key: APIKey, at: Int64)]>([:])
    let cacheMilliseconds: Int64 = 1_000

    public init(dataDirectory: String, clock: @escaping @Sendable () -> Int64 = { WallClock.milliseconds() }) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let db: Database
        do {
            db = try Database(path: dataDirectory + "/control.sqlite")
            try db.inTransaction {
                let version = Int(try db.scalarInt("PRAGMA user_version"))
                for (index, sql) in Self.migrations.enumerated().dropFirst(version) {
                    try db.execute(sql)
                    try db.execute("PRAGMA user_version=\(index + 1)")
                }
            }
        } catch let error as DatabaseError {
            throw VaultError.store("cannot open the control database in \(dataDirectory): \(error.message)")
        }
        database = Mutex(db)
        self.clock = clock
    }

    @discardableResult
    public func createTenant(_ tenant: Tenant, defaultRegion: Region) throws -> TenantRecord {
        let record = TenantRecord(tenant: tenant, defaultRegion: defaultRegion, createdAt: clock())
        try database.withLock { db in
            guard try Self.tenant(tenant, in: db) == nil else {
                throw VaultError.configuration("tenant \(tenant.name) already exists")
            }
            try db.withStatement("INSERT INTO tenants(name, default_region, created_at) VALUES(?, ?, ?)") {
                try $0.run([.text(tenant.name), .text(defaultRegion.code), .integer(record.createdAt)])
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
            guard try s.step(), let region = Region(code: s.text(0)) else { return nil }
            return TenantRecord(tenant: tenant, defaultRegion: region, createdAt: s.int64(1))
        }
    }
}
