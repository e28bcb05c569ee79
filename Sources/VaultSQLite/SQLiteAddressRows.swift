import Vault
import VaultStore

/// The `addresses` table of a region.
struct SQLiteAddressRows: AddressRows {
    static let columns = "id, profile, created_at, updated_at, fingerprint, sealed"

    let database: Database

    func find(id: ULID) throws -> AddressRow? {
        try database.query("SELECT \(Self.columns) FROM addresses WHERE id = ?") { s in
            try s.bind([.blob(id.bytes)])
            return try s.step() ? Self.row(s) : nil
        }
    }

    func find(fingerprint: [UInt8], profile: Int64) throws -> AddressRow? {
        try database.query("SELECT \(Self.columns) FROM addresses WHERE profile = ? AND fingerprint = ?") { s in
            try s.bind([.integer(profile), .blob(fingerprint)])
            return try s.step() ? Self.row(s) : nil
        }
    }

    private static func row(_ s: Statement) throws -> AddressRow {
        guard let id = ULID(bytes: s.blob(0)) else { throw StoredRecordError.malformed }
        return AddressRow(id: id, profile: s.int64(1), createdAt: s.int64(2), updatedAt: s.int64(3), fingerprint: s.blob(4),
                          sealed: s.blob(5))
    }

    func insert(_ row: AddressRow) throws {
        try database.query("""
            INSERT INTO addresses(id, profile, created_at, updated_at, fingerprint, sealed) VALUES(?, ?, ?, ?, ?, ?)
            """) { try $0.run([.blob(row.id.bytes), .integer(row.profile), .integer(row.createdAt), .integer(row.updatedAt),
                               .blob(row.fingerprint), .blob(row.sealed)]) }
    }

    func update(id: ULID, updatedAt: Int64, fingerprint: [UInt8], sealed: [UInt8]) throws {
        try database.query("UPDATE addresses SET updated_at = ?, fingerprint = ?, sealed = ? WHERE id = ?") {
            try $0.run([.integer(updatedAt), .blob(fingerprint), .blob(sealed), .blob(id.bytes)])
        }
    }

    func delete(id: ULID) throws {
        try database.query("DELETE FROM addresses WHERE id = ?") { try $0.run([.blob(id.bytes)]) }
    }

    func deleteAll(profile: Int64) throws {
        try database.query("DELETE FROM addresses WHERE profile = ?") { try $0.run([.integer(profile)]) }
    }

    func count(profile: Int64) throws -> Int {
        try database.count("SELECT count(*) FROM addresses WHERE profile = ?", [.integer(profile)])
    }

    func page(profile: Int64, offset: Int, count: Int) throws -> [AddressRow] {
        try database.query("""
            SELECT \(Self.columns) FROM addresses WHERE profile = ? ORDER BY created_at, id LIMIT ? OFFSET ?
            """) { s in
            try s.bind([.integer(profile), .integer(Int64(count)), .integer(Int64(offset))])
            var rows: [AddressRow] = []
            while try s.step() { rows.append(try Self.row(s)) }
            return rows
        }
    }
}
