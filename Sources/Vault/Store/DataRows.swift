/// A stored data entry's clear columns: whose it is, and when it was made and expires (nil: kept until deleted).
package struct DataEntryHeader: Sendable {
    package let tenant: String
    package let createdAt: Int64
    package let expiresAt: Int64?

    package init(tenant: String, createdAt: Int64, expiresAt: Int64?) {
        self.tenant = tenant
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A region's stored files, found by their keyed lookup hash (see `DataBlobs`).
package protocol DataRows {
    func insert(lookup: [UInt8], tenant: Tenant, createdAt: Int64, expiresAt: Int64?, sealed: [UInt8]) throws

    /// The entry's clear columns, without reading its content.
    func header(lookup: [UInt8]) throws -> DataEntryHeader?

    func find(lookup: [UInt8]) throws -> (header: DataEntryHeader, sealed: [UInt8])?

    func delete(lookup: [UInt8]) throws
}
