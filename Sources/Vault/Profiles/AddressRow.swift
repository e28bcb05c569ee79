/// One address of a profile, as stored: sealed under the profile's key, with a keyed fingerprint of its fields.
package struct AddressRow: Sendable {
    let id: ULID
    /// The row number of its profile.
    let profile: Int64
    let createdAt: Int64
    let updatedAt: Int64
    let fingerprint: [UInt8]
    let sealed: [UInt8]

    package init(id: ULID, profile: Int64, createdAt: Int64, updatedAt: Int64, fingerprint: [UInt8], sealed: [UInt8]) {
        self.id = id
        self.profile = profile
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.fingerprint = fingerprint
        self.sealed = sealed
    }
}
