/// The operations that name a profile, address or data entry by id, as their audit records call them.
package enum RecordOperation: String, Sendable {
    case profileRead = "profile.read"
    case profileUpdate = "profile.update"
    case profileDelete = "profile.delete"
    case addressCreate = "address.get_or_create"
    case addressList = "address.list"
    case addressRead = "address.read"
    case addressUpdate = "address.update"
    case addressDelete = "address.delete"
    case dataRead = "data.read"
    case dataDelete = "data.delete"
}

/// Requests naming a record by id that find nothing the caller may touch leave an audit record, as a failed
/// detokenize does, so probing by REST is as visible as probing by detokenize.
///
/// Such a record names no record, not even a hash of one: the id is the caller's input (an unknown id is
/// whatever they typed, another tenant's must not surface in this tenant's log). It holds the operation, the
/// outcome and who asked (count 0). Unknown, deleted, expired and other tenants' ids are all `not found`,
/// so the record tells them apart no more than the answer does.
extension Vault {
    /// `completion`, preceded by a durable audit record of `operation` when the answer is that the id names
    /// nothing here: not found, malformed, or of a region this node does not serve. If that record cannot
    /// be written the caller gets the store's error instead: nothing is answered off the record.
    func recordingMisses<T>(_ operation: RecordOperation, _ tenant: Tenant, _ context: AuditContext, id: String,
                            _ completion: @escaping ProfileCompletion<T>) -> ProfileCompletion<T> {
        { [self] result in
            guard case .failure(let error) = result, let outcome = Self.missOutcome(error) else { return completion(result) }
            record(operation, tenant, context, id: id, outcome: outcome) { written in
                completion(written.flatMap { .failure(error) })
            }
        }
    }

    /// Records that the caller's key was refused `operation` on the record `id` names (its tenant or scopes:
    /// a 403 decided before the id is looked at). `completion` runs once the record is durable.
    package func recordDenial(_ operation: RecordOperation, tenant: Tenant, id: String, context: AuditContext,
                             completion: @escaping ProfileCompletion<Void>) {
        record(operation, tenant, context, id: id, outcome: "permission denied", completion: completion)
    }

    private func record(_ operation: RecordOperation, _ tenant: Tenant, _ context: AuditContext, id: String,
                        outcome: String, completion: @escaping ProfileCompletion<Void>) {
        let record = AuditRecord(operation.rawValue, tenant, context, [], outcome, configuration.clock())
        chainStore(naming: id).recordRead(record, completion: completion)
    }

    static func missOutcome(_ error: ProfileError) -> String? {
        switch error {
        case .notFound: "not found"
        case .invalidID: "invalid id"
        case .regionNotServed: "region not served"
        default: nil
        }
    }

    /// Whose chain records a miss: the region the id names when this node serves it; else (a malformed id,
    /// or one of a region served elsewhere, which has no chain here) the node's default region, always served.
    func chainStore(naming id: String) -> RegionStore {
        Self.region(ofID: id).flatMap { stores[$0] } ?? defaultStore
    }
}
