/// Each tenant's data keys in a region, wrapped under the region's key-encryption key (see `DataKeyCache`).
package protocol DataKeyRows {
    /// Stores a wrapped key unless the tenant already has one with this id (the same key again).
    func insert(tenant: Tenant, id: UInt32, wrapped: [UInt8], createdAt: Int64) throws

    func wrapped(tenant: Tenant, id: UInt32) throws -> [UInt8]?
}

extension DataKeyRows {
    /// Stores a new key's wrapped form, in the transaction of the first value it seals.
    func insert(_ key: DataKeyCache.ActiveKey) throws {
        try insert(tenant: key.tenant, id: key.id, wrapped: key.wrapped, createdAt: key.createdAt)
    }
}
