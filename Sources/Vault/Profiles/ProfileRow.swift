import VaultStore

/// One row of `profiles`, as stored: nothing in it is readable without the region's keyring.
struct ProfileRow: Sendable {
    static let columns = "number, id, tenant, display_id, created_at, updated_at, deleted_at, wrapped_key, sealed"

    let number: Int64
    let id: ULID
    let tenant: String
    let displayID: String
    let createdAt: Int64
    let updatedAt: Int64
    let deletedAt: Int64?
    let wrappedKey: [UInt8]?
    let sealed: [UInt8]?

    init(_ s: Statement) throws {
        guard let id = ULID(bytes: s.blob(1)) else { throw StoredRecordError.malformed }
        number = s.int64(0)
        self.id = id
        tenant = s.text(2)
        displayID = s.text(3)
        createdAt = s.int64(4)
        updatedAt = s.int64(5)
        deletedAt = s.isNull(6) ? nil : s.int64(6)
        wrappedKey = s.isNull(7) ? nil : s.blob(7)
        sealed = s.isNull(8) ? nil : s.blob(8)
    }

    /// Not deleted, and still holding its key and fields.
    var isLive: Bool { deletedAt == nil && wrappedKey != nil && sealed != nil }

    /// The row of a live profile of `tenant`; nil for unknown, deleted and other tenants' profiles alike.
    static func live(id: ULID, tenant: Tenant, in database: Database) throws -> ProfileRow? {
        guard let row = try find(id: id, in: database), row.tenant == tenant.name, row.isLive else { return nil }
        return row
    }

    static func find(id: ULID, in database: Database) throws -> ProfileRow? {
        try one("SELECT \(columns) FROM profiles WHERE id = ?", [.blob(id.bytes)], database)
    }

    static func find(number: Int64, in database: Database) throws -> ProfileRow? {
        try one("SELECT \(columns) FROM profiles WHERE number = ?", [.integer(number)], database)
    }

    static func find(emailIndex: [UInt8], tenant: Tenant, in database: Database) throws -> ProfileRow? {
        try one("SELECT \(columns) FROM profiles WHERE tenant = ? AND email_index = ?",
                [.text(tenant.name), .blob(emailIndex)], database)
    }

    static func find(displayID: String, tenant: Tenant, in database: Database) throws -> ProfileRow? {
        try one("SELECT \(columns) FROM profiles WHERE tenant = ? AND display_id = ?",
                [.text(tenant.name), .text(displayID)], database)
    }

    private static func one(_ sql: String, _ values: [DatabaseValue], _ database: Database) throws -> ProfileRow? {
        try database.withStatement(sql) { s in
            try s.bind(values)
            return try s.step() ? ProfileRow(s) : nil
        }
    }
}
