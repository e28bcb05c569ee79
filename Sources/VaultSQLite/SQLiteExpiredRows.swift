import Vault
import VaultStore

/// What a sweep counts and removes in a region's store, in batches by primary key.
struct SQLiteExpiredRows: ExpiredRows {
    let database: Database

    func count(_ rows: Expired) throws -> Int {
        let (sql, value) = switch rows {
        case .tokens(let cutoff): ("SELECT count(*) FROM tokens WHERE id < ?", DatabaseValue.blob(cutoff.bytes))
        case .dataEntries(let now): ("SELECT count(*) FROM data_blobs WHERE expires_at <= ?", .integer(now))
        case .deletedProfiles(let now):
            ("SELECT count(*) FROM profiles WHERE deleted_at IS NOT NULL AND deleted_at <= ?", DatabaseValue.integer(now))
        }
        return try database.count(sql, [value])
    }

    func delete(_ rows: Expired, limit: Int) throws -> Int {
        let (sql, value) = switch rows {
        case .tokens(let cutoff):
            ("DELETE FROM tokens WHERE id IN (SELECT id FROM tokens WHERE id < ? LIMIT ?)", DatabaseValue.blob(cutoff.bytes))
        case .dataEntries(let now):
            ("DELETE FROM data_blobs WHERE number IN (SELECT number FROM data_blobs WHERE expires_at <= ? LIMIT ?)",
             DatabaseValue.integer(now))
        case .deletedProfiles(let now):
            ("DELETE FROM profiles WHERE number IN (SELECT number FROM profiles WHERE deleted_at IS NOT NULL AND deleted_at <= ? LIMIT ?)",
             DatabaseValue.integer(now))
        }
        try database.query(sql) { try $0.run([value, .integer(Int64(limit))]) }
        return database.changes
    }
}
