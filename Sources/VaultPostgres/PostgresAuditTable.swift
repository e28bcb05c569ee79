#if PostgreSQL
import PostgresStore
import Vault

/// The `audit` table of a store, and its head in `audit_head` (one row). Several nodes append to one chain:
/// a writer takes the head row's lock (`FOR UPDATE`) before reading the last link, so appends from every
/// node are serialized by the database and the chain stays one line. The lock is held to the group's
/// commit, which is why it costs one wait per group, not per record.
struct PostgresAuditTable: AuditTable {
    let connection: PostgresConnection
    /// A write transaction: the head is read with its lock.
    let writing: Bool
    /// A region writer's: the head this transaction locked and moved (see `AuditHeadCache`).
    var heads: AuditHeadCache?

    func lastLink() throws -> (seq: Int64, mac: [UInt8])? {
        if writing, let cached = heads?.link(in: connection) { return cached }
        let rows = try connection.query("SELECT seq, mac FROM audit_head WHERE id = 1" + (writing ? " FOR UPDATE" : ""))
        return rows.count > 0 ? (rows.int64(0, 0), rows.bytes(0, 1)) : nil
    }

    func head() throws -> (seq: Int64, mac: [UInt8], anchor: String)? {
        let rows = try connection.query("SELECT seq, mac, anchor FROM audit_head WHERE id = 1")
        return rows.count > 0 ? (rows.int64(0, 0), rows.bytes(0, 1), rows.text(0, 2)) : nil
    }

    /// The record and the new head in one statement: one round trip per append.
    func insert(_ record: AuditRecord, mac: [UInt8], anchor: String) throws {
        let (blob, text) = Self.encode(record.records)
        try connection.send("""
            WITH record AS (
                INSERT INTO audit(seq, at, request_id, tenant, key_id, operation, record_ids, record_text, outcome, mac)
                VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10))
            INSERT INTO audit_head(id, seq, mac, anchor) VALUES(1, $1, $10, $11)
            ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac, anchor = excluded.anchor
            """, [.integer(record.seq), .integer(record.at), .text(record.requestID), .text(record.tenant), .text(record.keyID),
                  .text(record.operation), blob.map(PostgresValue.bytes) ?? .null, text.map(PostgresValue.text) ?? .null,
                  .text(record.outcome), .bytes(mac), .text(anchor)])
        if writing { heads?.note(seq: record.seq, mac: mac, in: connection) }
    }

    func mac(of seq: Int64) throws -> [UInt8]? {
        let rows = try connection.query("SELECT mac FROM audit WHERE seq = $1", [.integer(seq)])
        return rows.count > 0 ? rows.bytes(0, 0) : nil
    }

    func lastSeq() throws -> Int64 {
        Int64(try connection.count("SELECT coalesce(max(seq), 0)::bigint FROM audit"))
    }

    /// In pages of `walkPage` records, so a long chain is never one result in memory.
    func walk(_ body: (AuditRecord, [UInt8]) throws -> Bool) throws {
        var after: Int64 = 0
        while true {
            let rows = try connection.query("""
                SELECT seq, at, request_id, tenant, key_id, operation, record_ids, record_text, outcome, mac FROM audit
                WHERE seq > $1 ORDER BY seq LIMIT $2
                """, [.integer(after), .integer(Self.walkPage)])
            for row in 0..<rows.count {
                guard try body(Self.read(rows, row), rows.bytes(row, 9)) else { return }
                after = rows.int64(row, 0)
            }
            if rows.count < Self.walkPage { return }
        }
    }

    static let walkPage: Int64 = 10_000

    func page(chain: String, tenant: String?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int) {
        let filter = tenant == nil ? "" : " WHERE tenant = $1"
        let binds: [PostgresValue] = tenant.map { [.text($0)] } ?? []
        let total = try connection.count("SELECT count(*) FROM audit" + filter, binds)
        let next = binds.count + 1
        let rows = try connection.query("""
            SELECT seq, at, request_id, tenant, key_id, operation, record_ids, record_text, outcome FROM audit\(filter)
            ORDER BY seq DESC LIMIT $\(next) OFFSET $\(next + 1)
            """, binds + [.integer(Int64(count)), .integer(Int64(offset))])
        let records = (0..<rows.count).map { row in
            var record = Self.read(rows, row)
            record.chain = chain
            return record
        }
        return (records, total)
    }

    private static func read(_ rows: PostgresRows, _ row: Int) -> AuditRecord {
        let ids: [String] = if let blob = rows.optionalBytes(row, 6) {
            stride(from: 0, to: blob.count - 15, by: 16).compactMap { ULID(bytes: blob[$0..<($0 + 16)])?.string }
        } else {
            rows.isNull(row, 7) ? [] : rows.text(row, 7).split(separator: ",").map(String.init)
        }
        var record = AuditRecord(at: rows.int64(row, 1), requestID: rows.text(row, 2), tenant: rows.text(row, 3),
                                 keyID: rows.text(row, 4), operation: rows.text(row, 5), records: ids, outcome: rows.text(row, 8))
        record.seq = rows.int64(row, 0)
        return record
    }

    /// Record ids that are all ULIDs are stored as 16 bytes each (as on SQLite); anything else as text.
    static func encode(_ records: [String]) -> (blob: [UInt8]?, text: String?) {
        let ids = records.compactMap { ULID(string: $0) }
        guard ids.count == records.count, ids.map(\.string) == records else { return (nil, records.joined(separator: ",")) }
        return (ids.flatMap(\.bytes), nil)
    }
}
#endif
