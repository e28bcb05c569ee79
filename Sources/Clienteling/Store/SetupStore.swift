import Foundation

/// The clienteling set-up data: retailers, stores and their onboarding, numbers being bought, templates.
/// Business data only: store names and business phone numbers, no customer's PII (identity documents of a
/// regulatory submission stay in the vault, referred to by id). The rules live here; the rows in a
/// `SetupStorage` (SQLite's `clienteling.sqlite` in the data directory by default, or the control database
/// on PostgreSQL, shared by every node of a deployment).
///
/// Every change goes through the storage's group-commit writer, so it is durable before the API answers,
/// and its audit record commits with it.
package final class SetupStore: Sendable {
    let storage: any SetupStorage

    package init(storage: any SetupStorage) {
        self.storage = storage
    }

    /// Finishes queued writes and closes the store.
    package func close() {
        storage.close()
    }

    func read<T>(_ body: (any SetupTables) throws -> T) throws(SetupError) -> T {
        try storage.read(body)
    }

    /// Runs `body` in the writer's transaction and waits for the commit. A `SetupError` thrown by `body`
    /// rolls the change back and comes out as it is.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SetupTables) throws -> T) throws(SetupError) -> T {
        try storage.write(body)
    }

    func record(_ operation: String, _ caller: SetupCaller, subject: String, outcome: String, now: Int64,
                in tables: any SetupTables) throws {
        try tables.record(SetupEvent(operation: operation, caller: caller, subject: subject, outcome: outcome, at: now))
    }
}
