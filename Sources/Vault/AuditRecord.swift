/// One entry of an audit chain: who did what to how many records (by record id, never a whole token or a
/// value), when, and with what outcome.
package struct AuditRecord: Sendable, Equatable {
    package var seq: Int64 = 0
    package var at: Int64
    package var requestID: String
    package var tenant: String
    package var keyID: String
    package var operation: String
    package var records: [String]
    package var outcome: String
    /// Where the record lives: a region code, or `control` for key administration.
    package var chain: String = ""

    package init(at: Int64, requestID: String, tenant: String, keyID: String, operation: String, records: [String],
                outcome: String) {
        self.at = at
        self.requestID = requestID
        self.tenant = tenant
        self.keyID = keyID
        self.operation = operation
        self.records = records
        self.outcome = outcome
    }

    /// The bytes the chain MAC covers: every field, length-prefixed so no two records encode alike.
    var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + records.count * 30)
        func field(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: utf8)
            }
        }
        field(String(seq)); field(String(at)); field(requestID); field(tenant); field(keyID); field(operation)
        field(String(records.count))
        for record in records { field(record) }
        field(outcome)
        return out
    }
}

/// Who is acting, for the audit records of a request.
package struct AuditContext: Sendable {
    package let requestID: String
    package let keyID: String

    package init(requestID: String, keyID: String) {
        self.requestID = requestID
        self.keyID = keyID
    }
}

extension AuditRecord {
    /// A record of `operation` by the caller in `context` on the records with these ids.
    init(_ operation: String, _ tenant: Tenant, _ context: AuditContext, _ records: [ULID], _ outcome: String,
         _ now: Int64) {
        self.init(at: now, requestID: context.requestID, tenant: tenant.name, keyID: context.keyID,
                  operation: operation, records: records.map(\.string), outcome: outcome)
    }
}
