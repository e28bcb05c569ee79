#if PostgreSQL
import PostgresStore
import Vault

/// The `profiles` table of a region.
struct PostgresProfileRows: ProfileRows {
    static let columns = "number, id, tenant, display_id, created_at, updated_at, deleted_at, wrapped_key, sealed"

    let connection: PostgresConnection
    /// In a writer's transaction a row is read with its lock (`FOR UPDATE`): a node whose change
    /// (`PATCH` with `last_updated_at`, a deletion) checks what it read waits for another node's change of the
    /// same profile to commit and then reads that, so it answers 409 instead of overwriting it.
    var writing = false

    func find(id: ULID) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE id = $1", [.bytes(id.bytes)])
    }

    func find(number: Int64) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE number = $1", [.integer(number)])
    }

    func find(emailIndex: [UInt8], tenant: Tenant) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE tenant = $1 AND email_index = $2", [.text(tenant.name), .bytes(emailIndex)])
    }

    func ids(emailIndexes: [[UInt8]], tenant: Tenant) throws -> [(emailIndex: [UInt8], id: ULID)] {
        guard !emailIndexes.isEmpty else { return [] }
        let rows = try connection.query("""
            SELECT email_index, id FROM profiles WHERE tenant = $1 AND deleted_at IS NULL AND email_index = ANY($2)
            """, [.text(tenant.name), PostgresArray.bytea(emailIndexes)])
        return try (0..<rows.count).map { row in
            guard let id = ULID(bytes: rows.bytes(row, 1)) else { throw StoredRecordError.malformed }
            return (rows.bytes(row, 0), id)
        }
    }

    func find(displayID: String, tenant: Tenant) throws -> ProfileRow? {
        try one("SELECT \(Self.columns) FROM profiles WHERE tenant = $1 AND display_id = $2", [.text(tenant.name), .text(displayID)])
    }

    private func one(_ sql: String, _ values: [PostgresValue]) throws -> ProfileRow? {
        let rows = try connection.query(sql + (writing ? " FOR UPDATE" : ""), values)
        guard rows.count > 0 else { return nil }
        guard let id = ULID(bytes: rows.bytes(0, 1)) else { throw StoredRecordError.malformed }
        return ProfileRow(number: rows.int64(0, 0), id: id, tenant: rows.text(0, 2), displayID: rows.text(0, 3),
                          createdAt: rows.int64(0, 4), updatedAt: rows.int64(0, 5), deletedAt: rows.optionalInt64(0, 6),
                          wrappedKey: rows.optionalBytes(0, 7), sealed: rows.optionalBytes(0, 8))
    }

    func insert(id: ULID, tenant: Tenant, displayID: String, now: Int64, emailIndex: [UInt8], wrappedKey: [UInt8],
                sealed: [UInt8]) throws -> Int64 {
        let rows = try connection.query("""
            INSERT INTO profiles(id, tenant, display_id, created_at, updated_at, email_index, wrapped_key, sealed)
            VALUES($1, $2, $3, $4, $4, $5, $6, $7) RETURNING number
            """, [.bytes(id.bytes), .text(tenant.name), .text(displayID), .integer(now), .bytes(emailIndex), .bytes(wrappedKey),
                  .bytes(sealed)])
        return rows.int64(0, 0)
    }

    func update(number: Int64, updatedAt: Int64, emailIndex: [UInt8], sealed: [UInt8]) throws {
        try connection.query("UPDATE profiles SET updated_at = $1, email_index = $2, sealed = $3 WHERE number = $4",
                             [.integer(updatedAt), .bytes(emailIndex), .bytes(sealed), .integer(number)])
    }

    func markDeleted(number: Int64, at: Int64) throws {
        try connection.query("""
            UPDATE profiles SET deleted_at = $1, email_index = NULL, wrapped_key = NULL, sealed = NULL WHERE number = $2
            """, [.integer(at), .integer(number)])
    }

    func countLive(tenant: Tenant) throws -> Int {
        try connection.count("SELECT count(*) FROM profiles WHERE tenant = $1 AND deleted_at IS NULL", [.text(tenant.name)])
    }

    func ordered(tenant: Tenant, by field: ProfileQuery.SortField, descending: Bool, limit: Int?,
                 _ each: (_ number: Int64, _ sortValue: Int64) throws -> Void) throws {
        // The SQL depends on the order only.
        let column = switch field {
        case .createdAt: "created_at"
        case .updatedAt: "updated_at"
        }
        let direction = descending ? "DESC" : "ASC"
        let sql = "SELECT number, \(column) FROM profiles WHERE tenant = $1 AND deleted_at IS NULL ORDER BY \(column) \(direction), number \(direction)"
        let rows = try connection.query(limit == nil ? sql : sql + " LIMIT $2",
                                        [.text(tenant.name)] + (limit.map { [.integer(Int64($0))] } ?? []))
        for row in 0..<rows.count { try each(rows.int64(row, 0), rows.int64(row, 1)) }
    }
}
#endif
