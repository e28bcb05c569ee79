import VaultCrypto

/// The rows of one audit chain (see `AuditChain`, which holds the chain's rules: how records are linked and
/// the head keyed). The head says which record is last and carries a keyed anchor of it, so a cut tail shows.
package protocol AuditTable {
    /// Appends `record` (its `seq` is assigned) inside the open transaction. The default (in `AuditChain`)
    /// links the record and rewrites the head for each record; a table may instead rewrite the head once, at
    /// the end of the transaction, for all the records it appended.
    func append(_ record: AuditRecord, key: HMACKey) throws

    /// The last record's seq and MAC as the head names them; nil for a chain without a head (no record yet).
    func lastLink() throws -> (seq: Int64, mac: [UInt8])?

    /// The head: the last record's seq and MAC and the keyed anchor (hex) of both; nil when there is none.
    func head() throws -> (seq: Int64, mac: [UInt8], anchor: String)?

    /// Inserts `record` (its `seq` already assigned) with its MAC, and makes it the head with `anchor`. A
    /// record is only ever inserted: a seq already taken fails the transaction.
    func insert(_ record: AuditRecord, mac: [UInt8], anchor: String) throws

    /// The MAC of record `seq`, nil when the chain has no such record.
    func mac(of seq: Int64) throws -> [UInt8]?

    /// The largest seq of a record (0 when there is none), whatever the head says.
    func lastSeq() throws -> Int64

    /// Every record with its MAC, in seq order, until `body` returns false.
    func walk(_ body: (AuditRecord, [UInt8]) throws -> Bool) throws

    /// Records newest first (of `tenant` when given), labelled `chain`, and how many there are in all.
    func page(chain: String, tenant: String?, offset: Int, count: Int) throws -> (records: [AuditRecord], total: Int)
}
