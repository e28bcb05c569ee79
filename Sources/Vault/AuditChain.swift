import VaultCrypto

/// A tamper-evident log in one store: each record carries `mac = HMAC(audit key, previous mac ‖ record)`,
/// and a head carries an HMAC of the last sequence number and mac. Editing or removing a record breaks the
/// chain at that record; cutting off the tail no longer matches the head. Without the keyring nobody can
/// recompute either. Appends run inside the caller's transaction, so a record commits (durably) together
/// with the operation it describes, or not at all. The rows live in an `AuditTable`; the rules live here.
package enum AuditChain {
    /// MACs are HMAC-SHA-256 truncated to 128 bits: ample against forgery, and half the bytes per record.
    static let macByteCount = 16

    static func chainMAC(_ key: HMACKey, _ message: [UInt8]) throws -> [UInt8] {
        Array(try key.authenticate(message).prefix(macByteCount))
    }

    static func headAnchor(_ key: HMACKey, seq: Int64, mac: [UInt8]) throws -> [UInt8] {
        try chainMAC(key, Array("head\0\(seq)\0".utf8) + mac)
    }

    /// `record` as the link after `previous`: its seq assigned, and its MAC.
    package static func link(_ record: AuditRecord, after previous: (seq: Int64, mac: [UInt8]),
                             key: HMACKey) throws -> (record: AuditRecord, mac: [UInt8]) {
        var entry = record
        entry.seq = previous.seq + 1
        return (entry, try chainMAC(key, previous.mac + entry.canonicalBytes))
    }

    /// The head's keyed anchor (hex) naming record `seq` with `mac` as the last.
    package static func anchor(_ key: HMACKey, seq: Int64, mac: [UInt8]) throws -> String {
        Hex.encode(try headAnchor(key, seq: seq, mac: mac))
    }

    package enum Verdict: Equatable, Sendable {
        case intact(records: Int64)
        case broken(seq: Int64, reason: String)
    }
}

extension AuditTable {
    /// Appends `record` (its `seq` is assigned) inside the open transaction, and moves the head to it.
    package func append(_ record: AuditRecord, key: HMACKey) throws {
        try appendMovingHead(record, key: key)
    }

    /// `append` one record at a time: linked after the head, and the head moved to it.
    package func appendMovingHead(_ record: AuditRecord, key: HMACKey) throws {
        let (entry, mac) = try AuditChain.link(record, after: try link(), key: key)
        try insert(entry, mac: mac, anchor: try AuditChain.anchor(key, seq: entry.seq, mac: mac))
    }

    /// The last record's seq and MAC (0 and zeros for an empty chain), as the head says.
    package func link() throws -> (seq: Int64, mac: [UInt8]) {
        try lastLink() ?? (0, [UInt8](repeating: 0, count: AuditChain.macByteCount))
    }

    /// Whether the chain's head was written with `key`; nil for a chain that has no head yet.
    func headIsKeyed(by key: HMACKey) throws -> Bool? {
        guard let head = try head() else { return nil }
        let expected = try AuditChain.anchor(key, seq: head.seq, mac: head.mac)
        return ConstantTime.equals(Array(expected.utf8), Array(head.anchor.utf8))
    }

    /// Whether the chain holds record `seq` with exactly `mac` (seq 0: the empty chain's start, always held).
    func holds(seq: Int64, mac: [UInt8]) throws -> Bool {
        guard seq > 0 else { return true }
        guard let stored = try self.mac(of: seq) else { return false }
        return ConstantTime.equals(stored, mac)
    }

    /// Walks the whole chain in order and checks every link, then the head. Run it in one read snapshot: a
    /// server appending meanwhile must not make the head look ahead of the records just read.
    package func verify(key: HMACKey) throws -> AuditChain.Verdict {
        var expectedSeq: Int64 = 1
        var previous = [UInt8](repeating: 0, count: AuditChain.macByteCount)
        var failure: AuditChain.Verdict?
        try walk { record, mac in
            guard record.seq == expectedSeq else {
                failure = .broken(seq: expectedSeq, reason: "record \(expectedSeq) is missing (removed)")
                return false
            }
            guard ConstantTime.equals(try AuditChain.chainMAC(key, previous + record.canonicalBytes), mac) else {
                failure = .broken(seq: record.seq, reason: "record \(record.seq) was altered")
                return false
            }
            previous = mac
            expectedSeq += 1
            return true
        }
        if let failure { return failure }
        let last = expectedSeq - 1
        guard let head = try head() else {
            return last == 0 ? .intact(records: 0) : .broken(seq: 1, reason: "the chain's head record is missing")
        }
        let expectedAnchor = try AuditChain.anchor(key, seq: head.seq, mac: head.mac)
        guard ConstantTime.equals(Array(expectedAnchor.utf8), Array(head.anchor.utf8)) else {
            return .broken(seq: head.seq, reason: "the chain's head was altered")
        }
        guard head.seq == last, ConstantTime.equals(head.mac, previous) else {
            return .broken(seq: last + 1, reason: "the chain ends at record \(last) but its head names record \(head.seq) (tail truncated)")
        }
        return .intact(records: last)
    }
}
