import HTTPServer
import Vault

/// Who may call: API keys from the control store, and an optional per-key rate limit.
package struct Access: Sendable {
    let control: ControlStore
    let limiter: RateLimiter?
    let clock: @Sendable () -> Int64

    package init(control: ControlStore, rateLimit: Int? = nil, clock: @escaping @Sendable () -> Int64 = { WallClock.milliseconds() }) {
        self.control = control
        self.limiter = rateLimit.map { RateLimiter(requestsPerSecond: $0) }
        self.clock = clock
    }

    /// Checks, in order: a usable key (401), its rate (429), the `Tenant` header (400) naming the key's
    /// tenant (403), and at least one of `scopes` (403). Messages name the rule, never the secret. A 403 of
    /// a key that is itself valid is answered by `denied` (at once, unless the route audits it first).
    /// Nil when `mayWait` is false and only the key store can tell (a key not in the verified-key cache).
    func verdict(_ request: HTTPRequest, anyOf scopes: [Scope], requestID: String, mayWait: Bool,
                 denied: (APIKey, HTTPError) -> Authorization<KeyCaller> = { .refused($1) }) -> Authorization<KeyCaller>? {
        let key: APIKey
        do {
            guard let found = try authenticate(request, mayWait: mayWait) else { return nil }
            key = found
        } catch {
            return .refused(error)
        }
        do {
            try permit(key, request, anyOf: scopes)
        } catch {
            return error.status == 403 ? denied(key, error) : .refused(error)
        }
        return .allowed(KeyCaller(key: key, requestID: requestID))
    }

    /// A usable key (401) within its rate (429); nil when `mayWait` is false and the key is not in the
    /// verified-key cache (the event loop never waits on the key store).
    func authenticate(_ request: HTTPRequest, mayWait: Bool) throws(HTTPError) -> APIKey? {
        var challenge: HTTPHeaders { HTTPHeaders([("www-authenticate", "Bearer")]) }
        let values = request.headers.values("authorization")
        guard values.count <= 1 else {
            throw HTTPError(401, "send one Authorization header, not several", headers: challenge)
        }
        guard let header = values.first, let secret = Self.bearerSecret(header) else {
            throw HTTPError(401, "an API key is required: Authorization: Bearer <key>", headers: challenge)
        }
        let found: Result<APIKey, ControlStore.AuthenticationFailure>
        if mayWait {
            do {
                found = .success(try control.authenticate(secret: secret))
            } catch is ControlStore.AuthenticationFailure {
                found = .failure(.invalid)
            } catch {
                throw Self.keyStoreUnavailable
            }
        } else {
            guard let cached = control.cachedAuthentication(secret: secret) else { return nil }
            found = cached
        }
        guard case .success(let key) = found else {
            throw HTTPError(401, "the API key is unknown, revoked or expired", headers: challenge)
        }
        if let limiter, !limiter.allow(key.id, now: clock()) {
            throw HTTPError(429, "this key is over its rate limit", headers: HTTPHeaders([("retry-after", "1")]))
        }
        return key
    }

    static let keyStoreUnavailable = HTTPError(503, "the key store is unavailable; retry later",
                                               headers: HTTPHeaders([("retry-after", "1")]))

    /// The `Tenant` header (400) names the key's tenant (403), and the key has one of `scopes` (403).
    func permit(_ key: APIKey, _ request: HTTPRequest, anyOf scopes: [Scope]) throws(HTTPError) {
        let tenant = try APIRequest.tenant(request)
        guard tenant == key.tenant else { throw HTTPError(403, "this API key belongs to another tenant") }
        guard scopes.contains(where: key.scopes.contains) else {
            let names = scopes.map(\.rawValue).joined(separator: " or ")
            throw HTTPError(403, "this API key lacks the \(names) scope")
        }
    }

    /// The key after `Bearer ` (the scheme in any case), without surrounding spaces; nil when there is none.
    /// Read on bytes: every request of every keyed route comes through here.
    static func bearerSecret(_ header: String) -> String? {
        let utf8 = header.utf8
        guard utf8.count > 7 else { return nil }
        var index = utf8.startIndex
        for expected in "bearer ".utf8 {
            let byte = utf8[index]
            guard byte == expected || (byte | 0x20) == expected && expected != 0x20 else { return nil }
            index = utf8.index(after: index)
        }
        let rest = header[index...]
        let secret = rest.utf8.allSatisfy({ $0 != 0x20 && $0 != 0x09 }) ? String(rest) : rest.trimmingSpaces()
        return secret
    }
}
