import VaultCrypto
import VaultStore

/// A tamper-evident log in one database: each record carries `mac = HMAC(audit key, previous mac ‖
/// record)`, and a head row carries an HMAC of the last sequence number and mac. Editing or removing a
/// record breaks the chain at that record; cutting off the tail no longer matches the head. Without the
/// keyring nobody can recompute either. Appends run inside the caller's transaction, so a record commits
/// (durably) together with the operation it describes, or not at all.
public enum AuditChain {
    static let schema = """
        CREATE TABLE audit(
            seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, request_id TEXT NOT NULL, tenant TEXT NOT NULL,
            key_id TEXT NOT NULL, operation TEXT NOT NULL, records TEXT NOT NULL, outcome TEXT NOT NULL,
            prev BLOB NOT NULL, mac BLOB NOT NULL);
        CREATE INDEX audit_by_tenant ON audit(tenant, seq);
        CREATE TABLE audit_head(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, mac BLOB NOT NULL,
            anchor BLOB NOT NULL);
        """

    /// Appends `record` (its `seq` is assigned) inside the open transaction of `database`.
    static func append(_ record: AuditRecord, key: HMACKey, in database: Database) throws {
        let (lastSeq, lastMAC) = try head(database)
        var entry = record
        entry.seq = lastSeq + 1
        let mac = try key.authenticate(lastMAC + entry.canonicalBytes)
        try database.withStatement("""
            INSERT INTO audit(seq, at, request_id, tenant, key_id, operation, records, outcome, prev, mac)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """) { s in
            try s.run([.integer(entry.seq), .integer(entry.at), .text(entry.requestID), .text(entry.tenant),
                       .text(entry.keyID), .text(entry.operation), .text(entry.records.joined(separator: ",")),
                       .text(entry.outcome), .blob(lastMAC), .blob(mac)])
        }
        let anchor = try key.authenticate(Array("head\0\(entry.seq)\0".utf8) + mac)
        try database.withStatement("INSERT OR REPLACE INTO audit_head(id, seq, mac, anchor) VALUES(1, ?, ?, ?)") {
            try $0.run([.integer(entry.seq), .blob(mac), .blob(anchor)])
        }
    }

    private static func head(_ database: Database) throws -> (Int64, [UInt8]) {
        try database.withStatement("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1") { s in
            try s.step() ? (s.int64(0), s.blob(1)) : (0, [UInt8](repeating: 0, count: 32))
        }
    }

    public enum Verdict: Equatable, Sendable {
        case intact(records: Int64)
        case broken(seq: Int64, reason: String)
    }

    /// Walks the whole chain in order and checks every link, then the head.
    public static func verify(_ database: Database, key: HMACKey) throws -> Verdict {
        var expectedSeq: Int64 = 1
        var previous = [UInt8](repeating: 0, count: 32)
        let failure: Verdict? = try database.withStatement("""
            SELECT seq, at, request_id, tenant, key_id, operation, records, outcome, prev, mac FROM audit ORDER BY seq
            """) { s in
            while try s.step() {
                let record = read(s)
                guard record.seq == expectedSeq else {
                    return .broken(seq: expectedSeq, reason: "record \(expectedSeq) is missing (removed)")
                }
                guard ConstantTime.equals(s.blob(8), previous) else {
                    return .broken(seq: record.seq, reason: "record \(record.seq) does not link to the one before it")
                }
                let mac = s.blob(9)
                guard ConstantTime.equals(try key.authenticate(previous + record.canonicalBytes), mac) else {
                    return .broken(seq: record.seq, reason: "record \(record.seq) was altered")
                }
                previous = mac
                expectedSeq += 1
            }
            return nil
        }
        if let failure { return failure }
        let last = expectedSeq - 1
        let head = try database.withStatement("SELECT seq, mac, anchor FROM audit_head WHERE id = 1") { s in
            try s.step() ? (seq: s.int64(0), mac: s.blob(1), anchor: s.blob(2)) : nil
        }
        guard let head else {
            return last == 0 ? .intact(records: 0) : .broken(seq: 1, reason: "the chain's head record is missing")
        }
        guard ConstantTime.equals(try key.authenticate(Array("head\0\(head.seq)\0".utf8) + head.mac), head.anchor) else {
            return .broken(seq: head.seq, reason: "the chain's head was altered")
        }
        guard head.seq == last, ConstantTime.equals(head.mac, previous) else {
            return .broken(seq: last + 1, reason: "the chain ends at record \(last) but its head names record \(head.seq) (tail truncated)")
        }
        return .intact(records: last)
    }

    /// Records newest first, optionally of one tenant, for `audit tail` and the audit endpoint.
    public static func records(_ database: Database, tenant: String?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int) {
        let filter = tenant == nil ? "" : " WHERE tenant = ?"
        let binds: [DatabaseValue] = tenant.map { [.text($0)] } ?? []
        let total = Int(try database.scalarInt("SELECT count(*) FROM audit" + filter, binds))
        let rows = try database.withStatement("""
            SELECT seq, at, request_id, tenant, key_id, operation, records, outcome FROM audit\(filter)
            ORDER BY seq DESC LIMIT ? OFFSET ?
            """) { s in
            try s.bind(binds + [.integer(Int64(count)), .integer(Int64(offset))])
            var out: [AuditRecord] = []
            while try s.step() { out.append(read(s)) }
            return out
        }
        return (rows, total)
    }

    private static func read(_ s: Statement) -> AuditRecord {
        var record = AuditRecord(at: s.int64(1), requestID: s.text(2), tenant: s.text(3), keyID: s.text(4),
                                 operation: s.text(5), records: s.text(6).split(separator: ",").map(String.init),
                                 outcome: s.text(7))
        record.seq = s.int64(0)
        return record
    }
}
