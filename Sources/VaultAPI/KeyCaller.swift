import Vault

/// The caller of a route: the request's API key, authorized for the route, and the request id. Carries
/// what every audit record the request causes names.
public struct KeyCaller: Sendable {
    public let key: APIKey
    public let requestID: String

    public var tenant: Tenant { key.tenant }

    var context: AuditContext { AuditContext(requestID: requestID, keyID: key.id) }
}
