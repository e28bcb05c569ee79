import HTTPServer
import Vault

/// `Access` as the authorizer of routes outside the vault (`/setup`): a route requires one of some scopes,
/// and its caller is the request's key. No refusal is audited.
extension Access: RequestAuthorizer {
    package func authorizeFromMemory(_ request: HTTPRequest, _ scopes: [Scope], requestID: String) -> Authorization<KeyCaller>? {
        verdict(request, anyOf: scopes, requestID: requestID, mayWait: false)
    }

    package func authorize(_ request: HTTPRequest, _ scopes: [Scope], requestID: String) -> Authorization<KeyCaller> {
        // Never nil when it may wait; the fallback only keeps that promise out of the type.
        verdict(request, anyOf: scopes, requestID: requestID, mayWait: true) ?? .refused(Self.keyStoreUnavailable)
    }
}
