import Vault

/// What a vault route requires of the request's key: one of `scopes`. A route naming a record by id also
/// says how a refusal is audited: a key refused for its tenant or scopes (403) is put on the audit record,
/// as the route's not-found answers are, so a key probing ids it may not use leaves a trail.
struct KeyRequirement: Sendable, ExpressibleByArrayLiteral {
    let scopes: [Scope]
    /// The operation a 403 is recorded as, and the path parameter holding the id the route names.
    let audited: (operation: RecordOperation, parameter: String)?

    init(arrayLiteral scopes: Scope...) {
        self.scopes = scopes
        audited = nil
    }

    private init(scopes: [Scope], audited: (RecordOperation, String)) {
        self.scopes = scopes
        self.audited = audited
    }

    /// One of `scopes`, for a route whose path parameter `parameter` names a record; a 403 is recorded as
    /// `operation`.
    static func naming(_ parameter: String, _ scopes: [Scope], auditedAs operation: RecordOperation) -> KeyRequirement {
        KeyRequirement(scopes: scopes, audited: (operation, parameter))
    }
}
