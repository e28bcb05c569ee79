#if PostgreSQL
import PostgresStore
import Vault

/// The wrapped keys of a region's PostgreSQL store (`data_keys.wrapped`, `profiles.wrapped_key`). Bytes 2 to
/// 5 of a wrapped key are its keyring key id (`VersionedCiphertext`'s header), so counting and skipping read
/// the header in SQL, without opening anything.
struct PostgresWrappedKeyRows: WrappedKeyRows {
    let connection: PostgresConnection

    func keyringKeys(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, limit: Int) throws
        -> [(position: WrappedKeyPosition, keyID: UInt32)] {
        switch kind {
        case .dataKeys:
            var tenant = "", id: Int64 = -1
            if case .dataKey(let afterTenant, let afterID) = position { (tenant, id) = (afterTenant, Int64(afterID)) }
            let rows = try connection.query("""
                SELECT tenant, id, substring(wrapped from 2 for 4) FROM data_keys WHERE (tenant, id) > ($1, $2)
                ORDER BY tenant, id LIMIT $3
                """, [.text(tenant), .integer(id), .integer(Int64(limit))])
            return (0..<rows.count).map { row in
                (.dataKey(tenant: rows.text(row, 0), id: UInt32(truncatingIfNeeded: rows.int64(row, 1))),
                 UInt32(headerBytes: rows.bytes(row, 2)) ?? 0)
            }
        case .profiles:
            var number: Int64 = 0
            if case .profile(let after) = position { number = after }
            let rows = try connection.query("""
                SELECT number, substring(wrapped_key from 2 for 4) FROM profiles WHERE number > $1 AND wrapped_key IS NOT NULL
                ORDER BY number LIMIT $2
                """, [.integer(number), .integer(Int64(limit))])
            return (0..<rows.count).map { row in (.profile(number: rows.int64(row, 0)), UInt32(headerBytes: rows.bytes(row, 1)) ?? 0) }
        }
    }

    func batch(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, notUnder primary: UInt32,
               limit: Int) throws -> [WrappedKey] {
        let header = PostgresValue.bytes(primary.headerBytes)
        switch kind {
        case .dataKeys:
            var tenant = "", id: Int64 = -1
            if case .dataKey(let afterTenant, let afterID) = position { (tenant, id) = (afterTenant, Int64(afterID)) }
            let rows = try connection.query("""
                SELECT tenant, id, wrapped FROM data_keys
                WHERE substring(wrapped from 2 for 4) <> $1 AND (tenant, id) > ($2, $3) ORDER BY tenant, id LIMIT $4
                """, [header, .text(tenant), .integer(id), .integer(Int64(limit))])
            return (0..<rows.count).map { row in
                WrappedKey(owner: .dataKey(tenant: rows.text(row, 0), id: UInt32(truncatingIfNeeded: rows.int64(row, 1))),
                           wrapped: rows.bytes(row, 2))
            }
        case .profiles:
            var number: Int64 = 0
            if case .profile(let after) = position { number = after }
            let rows = try connection.query("""
                SELECT number, id, tenant, wrapped_key FROM profiles
                WHERE number > $1 AND wrapped_key IS NOT NULL AND substring(wrapped_key from 2 for 4) <> $2
                ORDER BY number LIMIT $3
                """, [.integer(number), header, .integer(Int64(limit))])
            return try (0..<rows.count).map { row in
                guard let id = ULID(bytes: rows.bytes(row, 1)) else { throw StoredRecordError.malformed }
                return WrappedKey(owner: .profile(number: rows.int64(row, 0), id: id, tenant: rows.text(row, 2)),
                                  wrapped: rows.bytes(row, 3))
            }
        }
    }

    func replace(_ key: WrappedKey, with wrapped: [UInt8]) throws -> Bool {
        switch key.owner {
        case .dataKey(let tenant, let id):
            try connection.query("UPDATE data_keys SET wrapped = $1 WHERE tenant = $2 AND id = $3 AND wrapped = $4",
                                 [.bytes(wrapped), .text(tenant), .integer(Int64(id)), .bytes(key.wrapped)]).affected == 1
        case .profile(let number, _, _):
            try connection.query("UPDATE profiles SET wrapped_key = $1 WHERE number = $2 AND wrapped_key = $3",
                                 [.bytes(wrapped), .integer(number), .bytes(key.wrapped)]).affected == 1
        }
    }

    func rewrapCursor() throws -> String? {
        let rows = try connection.query("SELECT value FROM meta WHERE key = 'rewrap'")
        return rows.count > 0 ? rows.text(0, 0) : nil
    }

    func setRewrapCursor(_ cursor: String?) throws {
        if let cursor {
            try connection.send("INSERT INTO meta(key, value) VALUES('rewrap', $1) ON CONFLICT (key) DO UPDATE SET value = $1",
                                [.text(cursor)])
        } else {
            try connection.send("DELETE FROM meta WHERE key = 'rewrap'")
        }
    }
}
#endif
