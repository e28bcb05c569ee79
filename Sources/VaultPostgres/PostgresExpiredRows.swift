#if PostgreSQL
import PostgresStore
import Vault

/// What a sweep counts and removes in a region's store, in batches by primary key.
struct PostgresExpiredRows: ExpiredRows {
    let connection: PostgresConnection

    func count(_ rows: Expired) throws -> Int {
        let (sql, value) = switch rows {
        case .tokens(let cutoff): ("SELECT count(*) FROM tokens WHERE id < $1", PostgresValue.bytes(cutoff.bytes))
        case .dataEntries(let now): ("SELECT count(*) FROM data_blobs WHERE expires_at <= $1", .integer(now))
        case .deletedProfiles(let now):
            ("SELECT count(*) FROM profiles WHERE deleted_at IS NOT NULL AND deleted_at <= $1", PostgresValue.integer(now))
        }
        return try connection.count(sql, [value])
    }

    func delete(_ rows: Expired, limit: Int) throws -> Int {
        let (sql, value) = switch rows {
        case .tokens(let cutoff):
            ("DELETE FROM tokens WHERE id IN (SELECT id FROM tokens WHERE id < $1 ORDER BY id LIMIT $2)",
             PostgresValue.bytes(cutoff.bytes))
        case .dataEntries(let now):
            ("DELETE FROM data_blobs WHERE number IN (SELECT number FROM data_blobs WHERE expires_at <= $1 LIMIT $2)",
             PostgresValue.integer(now))
        case .deletedProfiles(let now):
            ("""
             DELETE FROM profiles WHERE number IN
                 (SELECT number FROM profiles WHERE deleted_at IS NOT NULL AND deleted_at <= $1 LIMIT $2)
             """, PostgresValue.integer(now))
        }
        return try connection.query(sql, [value, .integer(Int64(limit))]).affected
    }
}
#endif
