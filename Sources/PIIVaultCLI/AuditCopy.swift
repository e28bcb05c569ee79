#if PostgreSQL
import PostgresStore
import VaultStore

/// A store's audit chain from SQLite (records and the head row, `seq` = Int64.max) into PostgreSQL (`audit`
/// and `audit_head`), in seq order, resumable like the other tables (see `StoreMigration`).
struct AuditCopy {
    let source: Database
    let destination: PostgresConnection
    let batch: Int

    static let headSeq = Int64.max

    func run() throws -> (copied: Int, here: Int64, there: Int64) {
        let progress = try destination.execute("SELECT copied FROM migration_progress WHERE name = 'audit'")
        var last = progress.count > 0 ? progress.int64(0, 0) : 0
        var copied = 0
        let insert = """
            INSERT INTO audit(seq, at, request_id, tenant, key_id, operation, record_ids, record_text, outcome, mac)
            VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
            """
        while true {
            let rows: [[DatabaseValue]] = try source.withStatement("""
                SELECT seq, at, request_id, tenant, key_id, operation, records, outcome, mac FROM audit
                WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?
                """) { s in
                try s.bind([.integer(last), .integer(Self.headSeq), .integer(Int64(batch))])
                var rows: [[DatabaseValue]] = []
                while try s.step() { rows.append((0..<Int32(9)).map { s.value($0) }) }
                return rows
            }
            guard !rows.isEmpty else { break }
            try destination.inTransaction {
                for row in rows {
                    // Record ids: 16 bytes each (a blob) or a comma-separated text, in their own columns here.
                    let (ids, text): (PostgresValue, PostgresValue) = if case .blob(let bytes) = row[6] { (.bytes(bytes), .null) } else {
                        (.null, StoreMigration.postgres(row[6]))
                    }
                    let values = row[0..<6].map(StoreMigration.postgres) + [ids, text] + row[7..<9].map(StoreMigration.postgres)
                    try destination.enqueue(insert, values)
                }
                if case .integer(let seq) = rows.last?[0] { last = seq }
                try destination.execute("""
                    INSERT INTO migration_progress(name, copied, done) VALUES('audit', $1, 0)
                    ON CONFLICT (name) DO UPDATE SET copied = excluded.copied
                    """, [.integer(last)])
            }
            copied += rows.count
        }
        // The head: which record is last and its keyed anchor, as the SQLite head row holds them.
        let head: (seq: Int64, mac: [UInt8], anchor: String)? = try source.withStatement(
            "SELECT at, mac, records FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(Self.headSeq)])
            return try s.step() ? (s.int64(0), s.blob(1), s.text(2)) : nil
        }
        if let head {
            try destination.execute("""
                INSERT INTO audit_head(id, seq, mac, anchor) VALUES(1, $1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac, anchor = excluded.anchor
                """, [.integer(head.seq), .bytes(head.mac), .text(head.anchor)])
        }
        let here = try source.scalarInt("SELECT count(*) FROM audit WHERE seq < ?", [.integer(Self.headSeq)])
        let there = try destination.execute("SELECT count(*) FROM audit").int64(0, 0)
        return (copied, here, there)
    }
}
#endif
