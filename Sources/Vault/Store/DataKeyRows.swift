/// Each tenant's data keys in a region, wrapped under the region's key-encryption key (see `DataKeyCache`).
package protocol DataKeyRows {
    /// Stores a wrapped key unless the tenant already has one with this id (the same key again).
    func insert(tenant: Tenant, id: UInt32, wrapped: [UInt8], createdAt: Int64) throws

    func wrapped(tenant: Tenant, id: UInt32) throws -> [UInt8]?

    /// The data keys made before `cutoff` (milliseconds since the epoch).
    func createdBefore(_ cutoff: Int64) throws -> [DataKeyReference]
    /// Every data key a token issued since `tokensIssuedSince` (older ones are expired) or a data entry is
    /// sealed under (the id in its sealed form's header): a scan of both tables, for the sweeper.
    func referenced(tokensIssuedSince: ULID) throws -> Set<DataKeyReference>
    func delete(_ key: DataKeyReference) throws
}

/// One tenant's data key, by id.
package struct DataKeyReference: Hashable, Sendable {
    package let tenant: String
    package let id: UInt32

    package init(tenant: String, id: UInt32) {
        self.tenant = tenant
        self.id = id
    }
}

extension DataKeyRows {
    /// Stores a new key's wrapped form, in the transaction of the first value it seals.
    func insert(_ key: DataKeyCache.ActiveKey) throws {
        try insert(tenant: key.tenant, id: key.id, wrapped: key.wrapped, createdAt: key.createdAt)
    }
}
