import HTTPServer
import Vault

/// Who may call: API keys from the control store, and an optional per-key rate limit.
public struct Access: Sendable {
    let control: ControlStore
    let limiter: RateLimiter?
    let clock: @Sendable () -> Int64

    public init(control: ControlStore, rateLimit: Int? = nil, clock: @escaping @Sendable () -> Int64 = { WallClock.milliseconds() }) {
        self.control = control
        self.limiter = rateLimit.map { RateLimiter(requestsPerSecond: $0) }
        self.clock = clock
    }

    /// Checks, in order: a usable key (401), its rate (429), the `Tenant` header (400) naming the key's
    /// tenant (403), and at least one of `scopes` (403). Messages name the rule, never the secret.
    public func authorize(_ request: HTTPRequest, anyOf scopes: [Scope]) throws(HTTPError) -> APIKey {
        let key = try authenticate(request)
        try permit(key, request, anyOf: scopes)
        return key
    }

    /// A usable key (401) within its rate (429).
    func authenticate(_ request: HTTPRequest) throws(HTTPError) -> APIKey {
        let challenge = HTTPHeaders([("www-authenticate", "Bearer")])
        guard let header = request.headers["authorization"], header.count > 7,
              header.prefix(7).lowercased() == "bearer " else {
            throw HTTPError(401, "an API key is required: Authorization: Bearer <key>", headers: challenge)
        }
        let key: APIKey
        do {
            key = try control.authenticate(secret: String(header.dropFirst(7)).trimmingSpaces())
        } catch is ControlStore.AuthenticationFailure {
            throw HTTPError(401, "the API key is unknown, revoked or expired", headers: challenge)
        } catch {
            throw HTTPError(503, "the key store is unavailable; retry later", headers: HTTPHeaders([("retry-after", "1")]))
        }
        if let limiter, !limiter.allow(key.id, now: clock()) {
            throw HTTPError(429, "this key is over its rate limit", headers: HTTPHeaders([("retry-after", "1")]))
        }
        return key
    }

    /// The `Tenant` header (400) names the key's tenant (403), and the key has one of `scopes` (403).
    func permit(_ key: APIKey, _ request: HTTPRequest, anyOf scopes: [Scope]) throws(HTTPError) {
        let tenant = try APIRequest.tenant(request)
        guard tenant == key.tenant else { throw HTTPError(403, "this API key belongs to another tenant") }
        guard scopes.contains(where: key.scopes.contains) else {
            let names = scopes.map(\.rawValue).joined(separator: " or ")
            throw HTTPError(403, "this API key lacks the \(names) scope")
        }
    }
}
