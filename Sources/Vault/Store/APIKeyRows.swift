/// The control store's API keys: never a secret, only its hash.
package protocol APIKeyRows {
    func insert(_ key: APIKey, secretHash: [UInt8]) throws

    /// Every key, oldest first (ties by id), each with its tenant's default region and `crossRegionReads`.
    func all() throws -> [APIKey]

    /// The key with this id and the hash of its secret.
    func find(id: String) throws -> (key: APIKey, secretHash: [UInt8])?

    /// The tenant of the key with this id, if it is not revoked.
    func activeTenant(id: String) throws -> Tenant?

    func revoke(id: String, at: Int64) throws

    func noteUse(id: String, at: Int64) throws
}
