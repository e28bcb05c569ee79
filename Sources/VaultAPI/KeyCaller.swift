import Vault

/// The caller of a route: the request's API key, authorized for the route, and the request id. Carries
/// what every audit record the request causes names.
package struct KeyCaller: Sendable {
    package let key: APIKey
    package let requestID: String

    package var tenant: Tenant { key.tenant }

    var context: AuditContext { AuditContext(requestID: requestID, keyID: key.id) }
}
