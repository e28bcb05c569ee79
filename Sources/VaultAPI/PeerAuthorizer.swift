import HTTPServer
import Vault

/// Who may call the peer listener's routes: a node whose certificate the peer channel verified (the
/// request's `peerName`, which nothing on the API port can set), speaking for the caller it authenticated:
/// the `Tenant` header, the key id and the key's scopes (`Peers` headers).
///
/// With a control store the nodes share (`--control-store` on PostgreSQL) the key is looked up here: a
/// revoked or expired key fails here too, and its scopes are the store's, not the peer's word. With a
/// control store per node the peer's word is taken, for a tenant that exists here, and the caller is
/// marked `asserted` so every audit record of the call says so.
struct PeerAuthorizer: RequestAuthorizer {
    let control: ControlStore
    let sharedControl: Bool
    let clock: @Sendable () -> Int64

    func authorizeFromMemory(_ request: HTTPRequest, _ requirement: KeyRequirement, requestID: String) -> Authorization<KeyCaller>? {
        // Both ways read the control store: on a worker.
        nil
    }

    func authorize(_ request: HTTPRequest, _ requirement: KeyRequirement, requestID: String) -> Authorization<KeyCaller> {
        do {
            return .allowed(try caller(request, anyOf: requirement.scopes, requestID: requestID))
        } catch {
            return .refused(error)
        }
    }

    private func caller(_ request: HTTPRequest, anyOf scopes: [Scope], requestID: String) throws(HTTPError) -> KeyCaller {
        guard let peer = request.peerName else { throw HTTPError(403, "forwarded calls are accepted over the peer channel only") }
        // Each assertion once, and well formed: a peer's word goes into audit records as it is.
        for name in ["tenant", Peers.keyHeader, Peers.scopesHeader] where request.headers.values(name).count != 1 {
            throw HTTPError(400, "a forwarded call carries \(name) exactly once")
        }
        let tenant = try APIRequest.tenant(request)
        guard let keyID = request.headers[Peers.keyHeader], keyID.utf8.count == 16,
              keyID.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw HTTPError(400, "a forwarded call must name the caller's key id (16 lower-case hex digits)")
        }
        var asserted = Set<Scope>()
        for name in (request.headers[Peers.scopesHeader] ?? "").split(separator: ",", omittingEmptySubsequences: false) {
            guard let scope = Scope(rawValue: String(name)) else { throw HTTPError(400, "a forwarded call names an unknown scope") }
            asserted.insert(scope)
        }
        let key: APIKey
        do {
            if sharedControl {
                guard let found = try control.key(id: keyID), found.tenant == tenant, found.isUsable(at: clock()) else {
                    throw HTTPError(403, "the forwarded key is unknown here, revoked, expired or of another tenant")
                }
                key = found
            } else {
                guard let record = try control.tenant(tenant) else {
                    throw HTTPError(403, "the forwarded call's tenant does not exist on this node")
                }
                key = APIKey(id: keyID, tenant: tenant, name: "", scopes: asserted, createdAt: 0, expiresAt: nil, revokedAt: nil,
                             lastUsedAt: nil, defaultRegion: record.defaultRegion, crossRegionReads: record.crossRegionReads)
            }
        } catch let refusal as HTTPError {
            throw refusal
        } catch {
            throw Access.keyStoreUnavailable
        }
        guard scopes.contains(where: key.scopes.contains) else {
            throw HTTPError(403, "the forwarded key lacks the \(scopes.map(\.rawValue).joined(separator: " or ")) scope")
        }
        return KeyCaller(key: key, requestID: requestID, forwardedBy: peer, asserted: !sharedControl)
    }
}
