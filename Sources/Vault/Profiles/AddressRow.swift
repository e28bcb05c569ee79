/// One address of a profile, as stored: sealed under the profile's key, with a keyed fingerprint of its fields.
package struct AddressRow: Sendable {
    package let id: ULID
    /// The row number of its profile.
    package let profile: Int64
    package let createdAt: Int64
    package let updatedAt: Int64
    package let fingerprint: [UInt8]
    package let sealed: [UInt8]

    package init(id: ULID, profile: Int64, createdAt: Int64, updatedAt: Int64, fingerprint: [UInt8], sealed: [UInt8]) {
        self.id = id
        self.profile = profile
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.fingerprint = fingerprint
        self.sealed = sealed
    }
}
