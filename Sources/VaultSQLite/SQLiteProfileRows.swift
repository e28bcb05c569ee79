import Vault
import VaultStore

/// The `profiles` table of a region.
struct SQLiteProfileRows: ProfileRows {
    static let columns = "number, id, tenant, display_id, created_at, updated_at, deleted_at, wrapped_key, sealed"

    let database: Database

    func find(id: ULID) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE id = ?", [.blob(id.bytes)])
    }

    func find(number: Int64) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE number = ?", [.integer(number)])
    }

    func find(emailIndex: [UInt8], tenant: Tenant) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE tenant = ? AND email_index = ?", [.text(tenant.name), .blob(emailIndex)])
    }

    /// `IN` with a power-of-two count of parameters (the last index repeated), so a few cached statements
    /// serve every batch size.
    func ids(emailIndexes: [[UInt8]], tenant: Tenant) throws -> [(emailIndex: [UInt8], id: ULID)] {
        guard let last = emailIndexes.last else { return [] }
        var arity = 1
        while arity < emailIndexes.count { arity *= 2 }
        let placeholders = Array(repeating: "?", count: arity).joined(separator: ",")
        return try database.query("""
            SELECT email_index, id FROM profiles WHERE tenant = ? AND deleted_at IS NULL AND email_index IN (\(placeholders))
            """) { s in
            try s.bind([.text(tenant.name)] + (emailIndexes + Array(repeating: last, count: arity - emailIndexes.count)).map(DatabaseValue.blob))
            var found: [(emailIndex: [UInt8], id: ULID)] = []
            while try s.step() {
                guard let id = ULID(bytes: s.blob(1)) else { throw StoredRecordError.malformed }
                found.append((s.blob(0), id))
            }
            return found
        }
    }

    func find(displayID: String, tenant: Tenant) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE tenant = ? AND display_id = ?", [.text(tenant.name), .text(displayID)])
    }

    private func one(_ sql: String, _ values: [DatabaseValue]) throws -> ProfileRow? {
        try database.query(sql) { s in
            try s.bind(values)
            return try s.step() ? Self.row(s) : nil
        }
    }

    private static func row(_ s: Statement) throws -> ProfileRow {
        guard let id = ULID(bytes: s.blob(1)) else { throw StoredRecordError.malformed }
        return ProfileRow(number: s.int64(0), id: id, tenant: s.text(2), displayID: s.text(3), createdAt: s.int64(4),
                          updatedAt: s.int64(5), deletedAt: s.isNull(6) ? nil : s.int64(6),
                          wrappedKey: s.isNull(7) ? nil : s.blob(7), sealed: s.isNull(8) ? nil : s.blob(8))
    }

    func insert(id: ULID, tenant: Tenant, displayID: String, now: Int64, emailIndex: [UInt8], wrappedKey: [UInt8],
                sealed: [UInt8]) throws -> Int64 {
        try database.query("""
            INSERT INTO profiles(id, tenant, display_id, created_at, updated_at, email_index, wrapped_key, sealed)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?)
            """) { s in
            try s.run([.blob(id.bytes), .text(tenant.name), .text(displayID), .integer(now), .integer(now),
                       .blob(emailIndex), .blob(wrappedKey), .blob(sealed)])
        }
        return database.lastInsertRowID
    }

    func update(number: Int64, updatedAt: Int64, emailIndex: [UInt8], sealed: [UInt8]) throws {
        try database.query("UPDATE profiles SET updated_at = ?, email_index = ?, sealed = ? WHERE number = ?") {
            try $0.run([.integer(updatedAt), .blob(emailIndex), .blob(sealed), .integer(number)])
        }
    }

    func markDeleted(number: Int64, at: Int64) throws {
        try database.query("""
            UPDATE profiles SET deleted_at = ?, email_index = NULL, wrapped_key = NULL, sealed = NULL WHERE number = ?
            """) { try $0.run([.integer(at), .integer(number)]) }
    }

    func countLive(tenant: Tenant) throws -> Int {
        try database.count("SELECT count(*) FROM profiles WHERE tenant = ? AND deleted_at IS NULL", [.text(tenant.name)])
    }

    func ordered(tenant: Tenant, by field: ProfileQuery.SortField, descending: Bool, limit: Int?,
                 _ each: (_ number: Int64, _ sortValue: Int64) throws -> Void) throws {
        // The SQL depends on the order only.
        let column = switch field {
        case .createdAt: "created_at"
        case .updatedAt: "updated_at"
        }
        let direction = descending ? "DESC" : "ASC"
        let sql = "SELECT number, \(column) FROM profiles WHERE tenant = ? AND deleted_at IS NULL ORDER BY \(column) \(direction), number \(direction)"
        try database.query(limit == nil ? sql : sql + " LIMIT ?") { s in
            try s.bind([.text(tenant.name)] + (limit.map { [.integer(Int64($0))] } ?? []))
            while try s.step() { try each(s.int64(0), s.int64(1)) }
        }
    }
}
