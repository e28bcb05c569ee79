import VaultCrypto
import VaultStore

/// A tamper-evident log in one database: each record carries `mac = HMAC(audit key, previous mac ‖
/// record)`, and a head row carries an HMAC of the last sequence number and mac. Editing or removing a
/// record breaks the chain at that record; cutting off the tail no longer matches the head. Without the
/// keyring nobody can recompute either. Appends run inside the caller's transaction, so a record commits
/// (durably) together with the operation it describes, or not at all.
///
/// The head is a row of the same table with the largest possible `seq`, so it sits on the same last page
/// as the newest records: an append rewrites one page, not three (every page a commit touches is written
/// to the WAL and flushed, and that is what durable writes cost here).
public enum AuditChain {
    public static let schema = """
        CREATE TABLE audit(
            seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, request_id TEXT NOT NULL, tenant TEXT NOT NULL,
            key_id TEXT NOT NULL, operation TEXT NOT NULL, records NOT NULL, outcome TEXT NOT NULL,
            mac BLOB NOT NULL);
        """

    /// The head row: `at` holds the last record's seq, `mac` its mac, `records` the keyed anchor.
    static let headSeq = Int64.max
    /// MACs are HMAC-SHA-256 truncated to 128 bits: ample against forgery, and half the bytes per record.
    static let macByteCount = 16

    static func chainMAC(_ key: HMACKey, _ message: [UInt8]) throws -> [UInt8] {
        Array(try key.authenticate(message).prefix(macByteCount))
    }

    /// Record ids that are all ULIDs are stored as 16 bytes each instead of 26 characters.
    static func encode(_ records: [String]) -> DatabaseValue {
        let ids = records.compactMap { ULID(string: $0) }
        guard ids.count == records.count, ids.map(\.string) == records else { return .text(records.joined(separator: ",")) }
        return .blob(ids.flatMap(\.bytes))
    }

    static func decodeRecords(_ s: Statement, _ column: Int32) -> [String] {
        guard s.isBlob(column) else { return s.text(column).split(separator: ",").map(String.init) }
        let bytes = s.blob(column)
        return stride(from: 0, to: bytes.count - 15, by: 16).compactMap { ULID(bytes: bytes[$0..<($0 + 16)])?.string }
    }

    /// Appends `record` (its `seq` is assigned) inside the open transaction of `database`.
    public static func append(_ record: AuditRecord, key: HMACKey, in database: Database) throws {
        let (lastSeq, lastMAC) = try head(database)
        var entry = record
        entry.seq = lastSeq + 1
        let mac = try chainMAC(key, lastMAC + entry.canonicalBytes)
        // A record is only ever inserted (a clash fails the transaction); only the head row is replaced.
        let columns = "audit(seq, at, request_id, tenant, key_id, operation, records, outcome, mac) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"
        try database.withStatement("INSERT INTO " + columns) { s in
            try s.run([.integer(entry.seq), .integer(entry.at), .text(entry.requestID), .text(entry.tenant),
                       .text(entry.keyID), .text(entry.operation), encode(entry.records),
                       .text(entry.outcome), .blob(mac)])
        }
        let anchor = try headAnchor(key, seq: entry.seq, mac: mac)
        try database.withStatement("INSERT OR REPLACE INTO " + columns) { s in
            try s.run([.integer(headSeq), .integer(entry.seq), .text(""), .text(""), .text(""), .text("chain-head"),
                       .text(Hex.encode(anchor)), .text(""), .blob(mac)])
        }
    }

    static func headAnchor(_ key: HMACKey, seq: Int64, mac: [UInt8]) throws -> [UInt8] {
        try chainMAC(key, Array("head\0\(seq)\0".utf8) + mac)
    }

    /// Whether the chain's head was written with `key`; nil for a chain that has no head yet.
    static func headIsKeyed(by key: HMACKey, in database: Database) throws -> Bool? {
        try database.withStatement("SELECT at, mac, records FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(headSeq)])
            guard try s.step() else { return nil }
            let expected = Hex.encode(try headAnchor(key, seq: s.int64(0), mac: s.blob(1)))
            return ConstantTime.equals(Array(expected.utf8), Array(s.text(2).utf8))
        }
    }

    /// The last record's seq and MAC (0 and zeros for an empty chain), as the head row says.
    static func head(_ database: Database) throws -> (seq: Int64, mac: [UInt8]) {
        try database.withStatement("SELECT at, mac FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(headSeq)])
            return try s.step() ? (s.int64(0), s.blob(1)) : (0, [UInt8](repeating: 0, count: macByteCount))
        }
    }

    /// Whether the chain holds record `seq` with exactly `mac` (seq 0: the empty chain's start, always held).
    static func holds(seq: Int64, mac: [UInt8], in database: Database) throws -> Bool {
        guard seq > 0 else { return true }
        return try database.withStatement("SELECT mac FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(seq)])
            return try s.step() && ConstantTime.equals(s.blob(0), mac)
        }
    }


    public enum Verdict: Equatable, Sendable {
        case intact(records: Int64)
        case broken(seq: Int64, reason: String)
    }

    /// Walks the whole chain in order and checks every link, then the head, all in one read snapshot: a
    /// server appending meanwhile must not make the head look ahead of the records just read.
    public static func verify(_ database: Database, key: HMACKey) throws -> Verdict {
        try database.inTransaction(.deferred) { try verifySnapshot(database, key: key) }
    }

    private static func verifySnapshot(_ database: Database, key: HMACKey) throws -> Verdict {
        var expectedSeq: Int64 = 1
        var previous = [UInt8](repeating: 0, count: macByteCount)
        let failure: Verdict? = try database.withStatement("""
            SELECT seq, at, request_id, tenant, key_id, operation, records, outcome, mac FROM audit
            WHERE seq < ? ORDER BY seq
            """) { s in
            try s.bind([.integer(headSeq)])
            while try s.step() {
                let record = read(s)
                guard record.seq == expectedSeq else {
                    return .broken(seq: expectedSeq, reason: "record \(expectedSeq) is missing (removed)")
                }
                let mac = s.blob(8)
                guard ConstantTime.equals(try chainMAC(key, previous + record.canonicalBytes), mac) else {
                    return .broken(seq: record.seq, reason: "record \(record.seq) was altered")
                }
                previous = mac
                expectedSeq += 1
            }
            return nil
        }
        if let failure { return failure }
        let last = expectedSeq - 1
        let head = try database.withStatement("SELECT at, mac, records FROM audit WHERE seq = ?") { s in
            try s.bind([.integer(headSeq)])
            return try s.step() ? (seq: s.int64(0), mac: s.blob(1), anchor: s.text(2)) : nil
        }
        guard let head else {
            return last == 0 ? .intact(records: 0) : .broken(seq: 1, reason: "the chain's head record is missing")
        }
        let expectedAnchor = Hex.encode(try headAnchor(key, seq: head.seq, mac: head.mac))
        guard ConstantTime.equals(Array(expectedAnchor.utf8), Array(head.anchor.utf8)) else {
            return .broken(seq: head.seq, reason: "the chain's head was altered")
        }
        guard head.seq == last, ConstantTime.equals(head.mac, previous) else {
            return .broken(seq: last + 1, reason: "the chain ends at record \(last) but its head names record \(head.seq) (tail truncated)")
        }
        return .intact(records: last)
    }

    /// Records newest first, optionally of one tenant, labelled with `chain`, for `audit tail` and the
    /// audit endpoint.
    public static func records(_ database: Database, chain: String, tenant: String?, offset: Int,
                               count: Int) throws -> (records: [AuditRecord], total: Int) {
        let filter = " WHERE seq < ?" + (tenant == nil ? "" : " AND tenant = ?")
        let binds: [DatabaseValue] = [.integer(headSeq)] + (tenant.map { [.text($0)] } ?? [])
        let total = Int(try database.scalarInt("SELECT count(*) FROM audit" + filter, binds))
        let rows = try database.withStatement("""
            SELECT seq, at, request_id, tenant, key_id, operation, records, outcome FROM audit\(filter)
            ORDER BY seq DESC LIMIT ? OFFSET ?
            """) { s in
            try s.bind(binds + [.integer(Int64(count)), .integer(Int64(offset))])
            var out: [AuditRecord] = []
            while try s.step() {
                var record = read(s)
                record.chain = chain
                out.append(record)
            }
            return out
        }
        return (rows, total)
    }

    private static func read(_ s: Statement) -> AuditRecord {
        var record = AuditRecord(at: s.int64(1), requestID: s.text(2), tenant: s.text(3), keyID: s.text(4),
                                 operation: s.text(5), records: decodeRecords(s, 6),
                                 outcome: s.text(7))
        record.seq = s.int64(0)
        return record
    }
}
