import Vault
import VaultStore

/// Where SQLite's errors become the domain's: every statement an owner type runs goes through `query` or
/// `count`, and every transaction and connection through `storeErrors`, so nothing past this module ever
/// sees a `DatabaseError`. Whether a failure is worth retrying is `DatabaseError.isTransient`'s call.
extension StoreError {
    init(_ error: DatabaseError) {
        self.init(isTransient: error.isTransient, message: error.message, description: error.description, cause: error)
    }

    /// SQLite's error in `error`, whether a statement's mapping already wrapped it or not.
    static func databaseError(in error: any Error) -> DatabaseError? {
        error as? DatabaseError ?? (error as? StoreError)?.cause as? DatabaseError
    }

    /// `error`, as a `StoreError` when it is SQLite's.
    static func mapping(_ error: any Error) -> any Error {
        (error as? DatabaseError).map(StoreError.init) ?? error
    }
}

/// Runs `body`, turning SQLite's errors into `StoreError`s; other errors pass as they are.
func storeErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DatabaseError {
        throw StoreError(error)
    }
}

extension Database {
    /// `withStatement` with SQLite's errors mapped.
    func query<T>(_ sql: String, _ body: (Statement) throws -> T) throws -> T {
        try storeErrors { try withStatement(sql, body) }
    }

    /// The first column of the first row as a count, with SQLite's errors mapped.
    func count(_ sql: String, _ values: [DatabaseValue] = []) throws -> Int {
        Int(try storeErrors { try scalarInt(sql, values) })
    }
}
