import Vault
import VaultCrypto
import VaultStore

/// The `audit` table of a store (a region's, the control store, the set-up database).
///
/// The head is a row of the same table with the largest possible `seq`, so it sits on the same last page as
/// the newest records: an append rewrites one page, not three (every page a commit touches is written to the
/// WAL and flushed, and that is what durable writes cost here). The head row keeps the last record's seq in
/// `at`, its MAC in `mac` and the keyed anchor, in hex, in `records`.
package struct SQLiteAuditTable: AuditTable {
    package static let schema = """
        CREATE TABLE audit(
            seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, request_id TEXT NOT NULL, tenant TEXT NOT NULL,
            key_id TEXT NOT NULL, operation TEXT NOT NULL, records NOT NULL, outcome TEXT NOT NULL,
            mac BLOB NOT NULL);
        """

    static let headSeq = Int64.max

    let database: Database

    package init(_ database: Database) { self.database = database }

    package func lastLink() throws -> (seq: Int64, mac: [UInt8])? {
        try database.query("SELECT at, mac FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(Self.headSeq)])
            return try s.step() ? (s.int64(0), s.blob(1)) : nil
        }
    }

    package func head() throws -> (seq: Int64, mac: [UInt8], anchor: String)? {
        try database.query("SELECT at, mac, records FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(Self.headSeq)])
            return try s.step() ? (s.int64(0), s.blob(1), s.text(2)) : nil
        }
    }

    private static let columns = "audit(seq, at, request_id, tenant, key_id, operation, records, outcome, mac) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"

    package func insert(_ record: AuditRecord, mac: [UInt8], anchor: String) throws {
        try insertRecord(record, mac: mac)
        try moveHead(to: record.seq, mac: mac, anchor: anchor)
    }

    /// In a transaction (the group commit's), the records of every request in it are linked one after the
    /// other and the head moves once, before COMMIT, to the last of them: one head row and one anchor per
    /// transaction, not per record. The first append of a transaction reads the head, never the last record,
    /// so a tail cut off behind the vault's back still shows (the next seq follows the head, not the cut).
    package func append(_ record: AuditRecord, key: HMACKey) throws {
        guard let pending = try database.transactionLocal(PendingHead.key, make: { PendingHead(link: try link()) }) else {
            return try appendMovingHead(record, key: key)
        }
        let (entry, mac) = try AuditChain.link(record, after: pending.link, key: key)
        try insertRecord(entry, mac: mac)
        pending.link = (entry.seq, mac)
        pending.key = key
    }

    private func insertRecord(_ record: AuditRecord, mac: [UInt8]) throws {
        // A record is only ever inserted (a clash fails the transaction); only the head row is replaced.
        try database.query("INSERT INTO " + Self.columns) { s in
            try s.run([.integer(record.seq), .integer(record.at), .text(record.requestID), .text(record.tenant),
                       .text(record.keyID), .text(record.operation), Self.encode(record.records),
                       .text(record.outcome), .blob(mac)])
        }
    }

    fileprivate func moveHead(to seq: Int64, mac: [UInt8], anchor: String) throws {
        try database.query("INSERT OR REPLACE INTO " + Self.columns) { s in
            try s.run([.integer(Self.headSeq), .integer(seq), .text(""), .text(""), .text(""), .text("chain-head"),
                       .text(anchor), .text(""), .blob(mac)])
        }
    }

    package func mac(of seq: Int64) throws -> [UInt8]? {
        try database.query("SELECT mac FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(seq)])
            return try s.step() ? s.blob(0) : nil
        }
    }

    package func lastSeq() throws -> Int64 {
        Int64(try database.count("SELECT coalesce(max(seq), 0) FROM audit WHERE seq < ?", [.integer(Self.headSeq)]))
    }

    package func walk(_ body: (AuditRecord, [UInt8]) throws -> Bool) throws {
        try database.query("""
            SELECT seq, at, request_id, tenant, key_id, operation, records, outcome, mac FROM audit
            WHERE seq < ? ORDER BY seq
            """) { s in
            try s.bind([.integer(Self.headSeq)])
            while try s.step() {
                guard try body(Self.read(s), s.blob(8)) else { return }
            }
        }
    }

    package func page(chain: String, tenant: String?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int) {
        let filter = " WHERE seq < ?" + (tenant == nil ? "" : " AND tenant = ?")
        let binds: [DatabaseValue] = [.integer(Self.headSeq)] + (tenant.map { [.text($0)] } ?? [])
        let total = try database.count("SELECT count(*) FROM audit" + filter, binds)
        let rows = try database.query("""
            SELECT seq, at, request_id, tenant, key_id, operation, records, outcome FROM audit\(filter)
            ORDER BY seq DESC LIMIT ? OFFSET ?
            """) { s in
            try s.bind(binds + [.integer(Int64(count)), .integer(Int64(offset))])
            var out: [AuditRecord] = []
            while try s.step() {
                var record = Self.read(s)
                record.chain = chain
                out.append(record)
            }
            return out
        }
        return (rows, total)
    }

    private static func read(_ s: Statement) -> AuditRecord {
        var record = AuditRecord(at: s.int64(1), requestID: s.text(2), tenant: s.text(3), keyID: s.text(4),
                                 operation: s.text(5), records: decodeRecords(s, 6), outcome: s.text(7))
        record.seq = s.int64(0)
        return record
    }

    /// Record ids that are all ULIDs are stored as 16 bytes each instead of 26 characters.
    static func encode(_ records: [String]) -> DatabaseValue {
        var blob: [UInt8] = []
        blob.reserveCapacity(records.count * 16)
        for record in records {
            // Only canonical text, so the blob decodes back to exactly these strings.
            guard let id = ULID(canonical: record) else { return .text(records.joined(separator: ",")) }
            id.appendBytes(to: &blob)
        }
        return .blob(blob)
    }

    static func decodeRecords(_ s: Statement, _ column: Int32) -> [String] {
        guard s.isBlob(column) else { return s.text(column).split(separator: ",").map(String.init) }
        let bytes = s.blob(column)
        return stride(from: 0, to: bytes.count - 15, by: 16).compactMap { ULID(bytes: bytes[$0..<($0 + 16)])?.string }
    }
}

/// The head of a chain appended to in the open transaction, written once before it commits.
private final class PendingHead: TransactionLocal {
    static let key = "audit-head"
    var link: (seq: Int64, mac: [UInt8])
    var key: HMACKey?

    init(link: (seq: Int64, mac: [UInt8])) { self.link = link }

    func beforeCommit(_ database: Database) throws {
        guard let key else { return }
        try SQLiteAuditTable(database).moveHead(to: link.seq, mac: link.mac,
                                                anchor: try AuditChain.anchor(key, seq: link.seq, mac: link.mac))
    }
}
