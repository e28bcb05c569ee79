/// One row of a region's profiles, as stored: nothing in it is readable without the region's keyring.
package struct ProfileRow: Sendable {
    /// The row number, which the index and address rows refer to.
    let number: Int64
    let id: ULID
    let tenant: String
    let displayID: String
    let createdAt: Int64
    let updatedAt: Int64
    let deletedAt: Int64?
    let wrappedKey: [UInt8]?
    let sealed: [UInt8]?

    package init(number: Int64, id: ULID, tenant: String, displayID: String, createdAt: Int64, updatedAt: Int64,
                 deletedAt: Int64?, wrappedKey: [UInt8]?, sealed: [UInt8]?) {
        self.number = number
        self.id = id
        self.tenant = tenant
        self.displayID = displayID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.deletedAt = deletedAt
        self.wrappedKey = wrappedKey
        self.sealed = sealed
    }

    /// Not deleted, and still holding its key and fields.
    var isLive: Bool { deletedAt == nil && wrappedKey != nil && sealed != nil }
}
