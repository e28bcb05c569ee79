/// Decides who may call a route module's routes. `Requirement` is what a route declares (its scopes, and
/// whatever else its refusals need); `Caller` is what an allowed handler is given (who asks, with what an
/// audit record needs: request id, key id, tenant). Implemented by the module that knows the keys.
package protocol RequestAuthorizer<Requirement, Caller>: Sendable {
    associatedtype Requirement: Sendable
    associatedtype Caller: Sendable

    /// The verdict from memory alone (a verified-key cache), or nil when only a store can tell: then
    /// `authorize` is called on a worker. Runs on the event loop, so it must never wait.
    func authorizeFromMemory(_ request: HTTPRequest, _ requirement: Requirement, requestID: String) -> Authorization<Caller>?

    /// The verdict, asking the store when it must. Runs on a worker thread.
    func authorize(_ request: HTTPRequest, _ requirement: Requirement, requestID: String) -> Authorization<Caller>
}
