/// State that lives as long as one transaction of `Database.inTransaction`: the group commit runs many
/// requests' work in one transaction, and some of it need only be done once per transaction, at its end
/// (the audit chain's head names the last record of the group, not each record in turn).
package protocol TransactionLocal: AnyObject {
    /// Runs inside the transaction, just before its COMMIT; an error rolls the transaction back.
    func beforeCommit(_ database: Database) throws
}

extension Database {
    /// The open transaction's value for `key`, made by `make` the first time it is asked for in this
    /// transaction. Values finish (`beforeCommit`) in the order they were made; a rollback drops them.
    /// Nil when no transaction is open: the caller then does its end-of-transaction work itself.
    package func transactionLocal<T: TransactionLocal>(_ key: String, make: () throws -> T) rethrows -> T? {
        guard inOpenTransaction else { return nil }
        if let found = transactionLocals.first(where: { $0.key == key }) {
            // One key, one type: a caller that finds another type here is a programming error.
            return (found.value as! T)
        }
        let value = try make()
        transactionLocals.append((key, value))
        return value
    }

    func finishTransactionLocals() throws {
        defer { transactionLocals.removeAll(keepingCapacity: true) }
        for local in transactionLocals { try local.value.beforeCommit(self) }
    }
}
