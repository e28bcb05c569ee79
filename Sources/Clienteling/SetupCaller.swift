/// Who asks: the tenant and API key the request was authorized for, and its request id (for the audit).
package struct SetupCaller: Sendable {
    package let tenant: String
    package let keyID: String
    package let requestID: String

    package init(tenant: String, keyID: String, requestID: String) {
        self.tenant = tenant
        self.keyID = keyID
        self.requestID = requestID
    }
}

/// One change to the set-up data, as written to the audit trail: names and ids, never a message body.
package struct SetupEvent: Sendable, Equatable {
    package let operation: String
    package let caller: SetupCaller
    package let subject: String
    package let outcome: String
    package let at: Int64

    package static func == (a: SetupEvent, b: SetupEvent) -> Bool {
        (a.operation, a.caller.tenant, a.subject, a.outcome, a.at) == (b.operation, b.caller.tenant, b.subject, b.outcome, b.at)
    }
}

/// Where changes are recorded, inside the transaction that makes them, on the engine's `Connection` (a
/// SQLite `Database`, a PostgreSQL connection). The executable supplies the vault's tamper-evident chain;
/// this module only knows the shape.
package protocol SetupAuditTrail<Connection>: Sendable {
    associatedtype Connection
    /// The table(s) the trail needs in the setup database, created by its migrations.
    var schema: String { get }
    /// Checks, once the database is open, that the trail's key is the one the database was made with.
    func bind(_ connection: Connection) throws
    func append(_ event: SetupEvent, in connection: Connection) throws
}
