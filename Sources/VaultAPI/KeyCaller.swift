import Vault

/// The caller of a route: the request's API key, authorized for the route, and the request id. Carries
/// what every audit record the request causes names.
package struct KeyCaller: Sendable {
    package let key: APIKey
    package let requestID: String
    /// For a call another node forwarded over the peer channel: the common name of that node's certificate.
    /// Such a call is never forwarded again.
    package let forwardedBy: String?
    /// A forwarded call whose key this node could not look up (its own control store): the key, tenant and
    /// scopes are the forwarding node's word, and its audit records say so.
    package let asserted: Bool

    package init(key: APIKey, requestID: String, forwardedBy: String? = nil, asserted: Bool = false) {
        self.key = key
        self.requestID = requestID
        self.forwardedBy = forwardedBy
        self.asserted = asserted
    }

    package var tenant: Tenant { key.tenant }

    /// The key id as audit records name it; a forwarded call's says through which node, and whether the key
    /// was checked here or taken on that node's word.
    var context: AuditContext {
        guard let peer = forwardedBy else { return AuditContext(requestID: requestID, keyID: key.id) }
        return AuditContext(requestID: requestID, keyID: key.id + (asserted ? " asserted by peer " : " via peer ") + peer)
    }
}
