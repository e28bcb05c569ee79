#if PostgreSQL
import PostgresStore
import Vault

/// Where PostgreSQL's errors become the domain's: every statement an owner type runs goes through `query`,
/// and every transaction and connection through `storeErrors`, so nothing past this module ever sees a
/// `PostgresError`. Whether a failure is worth retrying is `PostgresError.recovery`'s call.
extension StoreError {
    init(_ error: PostgresError) {
        self.init(isTransient: error.isTransient, message: error.message, description: error.description, cause: error)
    }

    /// PostgreSQL's error in `error`, whether a statement's mapping already wrapped it or not.
    static func postgresError(in error: any Error) -> PostgresError? {
        error as? PostgresError ?? (error as? StoreError)?.cause as? PostgresError
    }

    /// `error`, as a `StoreError` when it is PostgreSQL's.
    static func mapping(_ error: any Error) -> any Error {
        (error as? PostgresError).map(StoreError.init) ?? error
    }
}

/// Runs `body`, turning PostgreSQL's errors into `StoreError`s; other errors pass as they are.
func storeErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PostgresError {
        throw StoreError(error)
    }
}

extension PostgresConnection {
    /// `execute` with PostgreSQL's errors mapped.
    @discardableResult
    func query(_ sql: String, _ values: [PostgresValue] = []) throws -> PostgresRows {
        try storeErrors { try execute(sql, values) }
    }

    /// `enqueue` with PostgreSQL's errors mapped: a write whose answer is read at the next statement that
    /// reads, or at the commit (see `PostgresConnection.enqueue`).
    func send(_ sql: String, _ values: [PostgresValue] = []) throws {
        try storeErrors { try enqueue(sql, values) }
    }

    /// The first column of the first row as a count (`bigint`), with PostgreSQL's errors mapped.
    func count(_ sql: String, _ values: [PostgresValue] = []) throws -> Int {
        let rows = try query(sql, values)
        return rows.count > 0 ? Int(rows.int64(0, 0)) : 0
    }
}
#endif
