/// A field that breaks a rule. The message names the field and the rule, never the value.
package struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    package let field: String
    package let rule: String

    package init(_ field: String, _ rule: String) {
        self.field = field
        self.rule = rule
    }

    package var description: String { "\(field) \(rule)" }
}

/// Why a profile or address operation did not happen. Unknown, deleted and other tenants' records are
/// all `.notFound`: nothing tells a caller that a record exists elsewhere.
package enum ProfileError: Error, Sendable, Equatable {
    case notFound
    /// Not of the id form at all.
    case invalidID
    case invalid(FieldError)
    /// `last_updated_at` is not the stored `updated_at`: someone else changed the record first.
    case staleUpdate
    /// Another profile of the tenant already has this e-mail.
    case emailTaken
    /// The profile already has an address identical to the one asked for.
    case duplicateAddress
    case deletionAlreadyRequested
    case regionNotServed
    /// The store is busy or shutting down; the same request may be retried.
    case unavailable
    case internalError
}
