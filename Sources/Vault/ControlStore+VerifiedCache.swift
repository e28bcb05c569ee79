extension ControlStore {
    /// What `authenticate(secret:)` would answer, decided from memory alone: the key verified within the
    /// last `cacheMilliseconds`, `.invalid` for a secret that is malformed or whose cached key is no longer
    /// usable, and nil when only the database can tell. Never waits on the database, so an event loop may
    /// ask; on nil, `authenticate(secret:)` is for a thread that may wait.
    package func cachedAuthentication(secret: String) -> Result<APIKey, AuthenticationFailure>? {
        let hash = APIKeySecret.hash(secret)
        let now = clock()
        if let hit = verified.withLock({ $0[hash] }), now - hit.at < cacheMilliseconds {
            return hit.key.isUsable(at: now) ? .success(hit.key) : .failure(.invalid)
        }
        return APIKeySecret.keyID(of: secret) == nil ? .failure(.invalid) : nil
    }
}
