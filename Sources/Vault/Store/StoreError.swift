/// A failure of the store engine as the domain sees it. Each engine maps its own errors to this once, at its
/// boundary, and decides there whether the same request may succeed if retried; the domain then answers
/// `retryable_error` or 503 for transient failures and an internal error for the rest. The message is the
/// engine's own text (what it was doing and why it failed) and never includes a stored or bound value.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Retrying may succeed: the store was busy, locked by someone else, or not reachable in time.
    package let isTransient: Bool
    /// What failed, operation first.
    package let message: String
    /// How the error prints (the engine's form, as operators have always seen it).
    package let description: String
    /// The engine's own error, for the engine: its group commit tells a failing store from a failing job
    /// by it. The domain decides by `isTransient` alone.
    package let cause: (any Error & Sendable)?

    package init(isTransient: Bool, message: String, description: String, cause: (any Error & Sendable)? = nil) {
        self.isTransient = isTransient
        self.message = message
        self.description = description
        self.cause = cause
    }
}
