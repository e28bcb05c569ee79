/// A node that sends part of a request to the node of another region (a peer) keeps a trail of it in its own
/// audit log, as the owning node keeps one of what it revealed or stored: who (the key), which operation,
/// to which region, how many keys and how it ended. Never a value, a token or a record id.
extension Vault {
    /// Where a region's id names records, or nil for text that is no token, data id or profile id.
    package static func region(ofID id: String) -> Region? {
        (try? Token.parse(id))?.region ?? (try? DataID.parse(id))?.region
    }

    /// A durable record of a forwarded call, on the chain of the tenant's default region when this node
    /// serves it (else the node's default region). `operation` is the forwarded route's (`detokenize`,
    /// `tokenize`, `profile.create`, ...); `completion` runs once the record is durable.
    package func recordForward(_ operation: String, tenant: Tenant, tenantRegion: Region?, to region: Region, count: Int,
                               outcome: String, context: AuditContext, completion: @escaping ProfileCompletion<Void>) {
        recordCall("forward." + operation, tenant: tenant, tenantRegion: tenantRegion,
                   outcome: "\(region.code), \(count) \(count == 1 ? "key" : "keys"): \(outcome)", context: context,
                   completion: completion)
    }

    /// A durable record of a call refused before it named any record (a forwarded read of a tenant that
    /// forbids cross-region reads), on the same chain as `recordForward`'s.
    package func recordRefusal(_ operation: String, tenant: Tenant, tenantRegion: Region?, outcome: String,
                               context: AuditContext, completion: @escaping ProfileCompletion<Void>) {
        recordCall(operation, tenant: tenant, tenantRegion: tenantRegion, outcome: outcome, context: context, completion: completion)
    }

    private func recordCall(_ operation: String, tenant: Tenant, tenantRegion: Region?, outcome: String, context: AuditContext,
                            completion: @escaping ProfileCompletion<Void>) {
        let record = AuditRecord(at: configuration.clock(), requestID: context.requestID, tenant: tenant.name,
                                 keyID: context.keyID, operation: operation, records: [], outcome: outcome)
        (tenantRegion.flatMap { stores[$0] } ?? defaultStore).recordRead(record, completion: completion)
    }
}
