import Logging

extension Logger.Value {
    /// An unexpected error as the vault's log lines name it: its type, and for a store's failure also the
    /// engine's text (what it was doing and SQLite's reason; never a stored or bound value), since the type
    /// alone no longer tells a full disk from a lock.
    static func errorType(_ error: any Error) -> Logger.Value {
        if let error = error as? StoreError { return .string("StoreError: \(error.description)") }
        return .string(String(describing: type(of: error)))
    }
}
