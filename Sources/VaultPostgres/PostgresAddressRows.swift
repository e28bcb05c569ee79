#if PostgreSQL
import PostgresStore
import Vault

/// The `addresses` table of a region.
struct PostgresAddressRows: AddressRows {
    static let columns = "id, profile, created_at, updated_at, fingerprint, sealed"

    let connection: PostgresConnection
    /// In a writer's transaction a row is read with its lock (see `PostgresProfileRows.writing`).
    var writing = false

    func find(id: ULID) throws -> AddressRow? {
        try Self.rows(try connection.query("SELECT \(Self.columns) FROM addresses WHERE id = $1" + lock, [.bytes(id.bytes)])).first
    }

    func find(fingerprint: [UInt8], profile: Int64) throws -> AddressRow? {
        try Self.rows(try connection.query("SELECT \(Self.columns) FROM addresses WHERE profile = $1 AND fingerprint = $2" + lock,
                                           [.integer(profile), .bytes(fingerprint)])).first
    }

    private var lock: String { writing ? " FOR UPDATE" : "" }

    private static func rows(_ rows: PostgresRows) throws -> [AddressRow] {
        try (0..<rows.count).map { row in
            guard let id = ULID(bytes: rows.bytes(row, 0)) else { throw StoredRecordError.malformed }
            return AddressRow(id: id, profile: rows.int64(row, 1), createdAt: rows.int64(row, 2), updatedAt: rows.int64(row, 3),
                              fingerprint: rows.bytes(row, 4), sealed: rows.bytes(row, 5))
        }
    }

    func insert(_ row: AddressRow) throws {
        try connection.query("""
            INSERT INTO addresses(id, profile, created_at, updated_at, fingerprint, sealed) VALUES($1, $2, $3, $4, $5, $6)
            """, [.bytes(row.id.bytes), .integer(row.profile), .integer(row.createdAt), .integer(row.updatedAt),
                  .bytes(row.fingerprint), .bytes(row.sealed)])
    }

    func update(id: ULID, updatedAt: Int64, fingerprint: [UInt8], sealed: [UInt8]) throws {
        try connection.query("UPDATE addresses SET updated_at = $1, fingerprint = $2, sealed = $3 WHERE id = $4",
                             [.integer(updatedAt), .bytes(fingerprint), .bytes(sealed), .bytes(id.bytes)])
    }

    func delete(id: ULID) throws {
        try connection.query("DELETE FROM addresses WHERE id = $1", [.bytes(id.bytes)])
    }

    func deleteAll(profile: Int64) throws {
        try connection.query("DELETE FROM addresses WHERE profile = $1", [.integer(profile)])
    }

    func count(profile: Int64) throws -> Int {
        try connection.count("SELECT count(*) FROM addresses WHERE profile = $1", [.integer(profile)])
    }

    func page(profile: Int64, offset: Int, count: Int) throws -> [AddressRow] {
        try Self.rows(try connection.query("""
            SELECT \(Self.columns) FROM addresses WHERE profile = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3
            """, [.integer(profile), .integer(Int64(count)), .integer(Int64(offset))]))
    }
}
#endif
