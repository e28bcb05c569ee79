import Vault
import VaultStore

/// The wrapped keys of a region's SQLite store (`data_keys.wrapped`, `profiles.wrapped_key`). Bytes 2 to 5
/// of a wrapped key are its keyring key id (`VersionedCiphertext`'s header), so counting and skipping read
/// the header in SQL, without opening anything.
struct SQLiteWrappedKeyRows: WrappedKeyRows {
    let database: Database

    func keyringKeys(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, limit: Int) throws
        -> [(position: WrappedKeyPosition, keyID: UInt32)] {
        let sql: String
        var values: [DatabaseValue] = []
        switch (kind, position) {
        case (.dataKeys, .dataKey(let tenant, let id)?):
            sql = "SELECT tenant, id, substr(wrapped, 2, 4) FROM data_keys WHERE (tenant, id) > (?, ?) ORDER BY tenant, id LIMIT ?"
            values = [.text(tenant), .integer(Int64(id))]
        case (.dataKeys, _):
            sql = "SELECT tenant, id, substr(wrapped, 2, 4) FROM data_keys ORDER BY tenant, id LIMIT ?"
        case (.profiles, let position):
            var number: Int64 = 0
            if case .profile(let after)? = position { number = after }
            sql = "SELECT number, substr(wrapped_key, 2, 4) FROM profiles WHERE number > ? AND wrapped_key IS NOT NULL ORDER BY number LIMIT ?"
            values = [.integer(number)]
        }
        return try database.query(sql) { s in
            try s.bind(values + [.integer(Int64(limit))])
            var out: [(position: WrappedKeyPosition, keyID: UInt32)] = []
            while try s.step() {
                let place: WrappedKeyPosition = kind == .dataKeys
                    ? .dataKey(tenant: s.text(0), id: UInt32(truncatingIfNeeded: s.int64(1))) : .profile(number: s.int64(0))
                out.append((place, UInt32(headerBytes: s.blob(kind == .dataKeys ? 2 : 1)) ?? 0))
            }
            return out
        }
    }

    func batch(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, notUnder primary: UInt32,
               limit: Int) throws -> [WrappedKey] {
        let header = DatabaseValue.blob(primary.headerBytes)
        switch kind {
        case .dataKeys:
            var sql = "SELECT tenant, id, wrapped FROM data_keys WHERE substr(wrapped, 2, 4) <> ?"
            var values = [header]
            if case .dataKey(let tenant, let id) = position {
                sql += " AND (tenant, id) > (?, ?)"
                values += [.text(tenant), .integer(Int64(id))]
            }
            return try rows(sql + " ORDER BY tenant, id LIMIT ?", values + [.integer(Int64(limit))]) { s in
                WrappedKey(owner: .dataKey(tenant: s.text(0), id: UInt32(truncatingIfNeeded: s.int64(1))), wrapped: s.blob(2))
            }
        case .profiles:
            var number: Int64 = 0
            if case .profile(let after) = position { number = after }
            return try rows("""
                SELECT number, id, tenant, wrapped_key FROM profiles
                WHERE number > ? AND wrapped_key IS NOT NULL AND substr(wrapped_key, 2, 4) <> ? ORDER BY number LIMIT ?
                """, [.integer(number), header, .integer(Int64(limit))]) { s in
                guard let id = ULID(bytes: s.blob(1)) else { throw StoredRecordError.malformed }
                return WrappedKey(owner: .profile(number: s.int64(0), id: id, tenant: s.text(2)), wrapped: s.blob(3))
            }
        }
    }

    func replace(_ key: WrappedKey, with wrapped: [UInt8]) throws -> Bool {
        switch key.owner {
        case .dataKey(let tenant, let id):
            try database.query("UPDATE data_keys SET wrapped = ? WHERE tenant = ? AND id = ? AND wrapped = ?") {
                try $0.run([.blob(wrapped), .text(tenant), .integer(Int64(id)), .blob(key.wrapped)])
            }
        case .profile(let number, _, _):
            try database.query("UPDATE profiles SET wrapped_key = ? WHERE number = ? AND wrapped_key = ?") {
                try $0.run([.blob(wrapped), .integer(number), .blob(key.wrapped)])
            }
        }
        return database.changes == 1
    }

    func rewrapCursor() throws -> String? {
        try database.query("SELECT value FROM meta WHERE key = 'rewrap'") { try $0.step() ? $0.text(0) : nil }
    }

    func setRewrapCursor(_ cursor: String?) throws {
        if let cursor {
            try database.query("INSERT OR REPLACE INTO meta(key, value) VALUES('rewrap', ?)") { try $0.run([.text(cursor)]) }
        } else {
            try database.query("DELETE FROM meta WHERE key = 'rewrap'") { try $0.run() }
        }
    }

    private func rows(_ sql: String, _ values: [DatabaseValue], _ make: (Statement) throws -> WrappedKey) throws -> [WrappedKey] {
        try database.query(sql) { s in
            try s.bind(values)
            var out: [WrappedKey] = []
            while try s.step() { out.append(try make(s)) }
            return out
        }
    }
}
