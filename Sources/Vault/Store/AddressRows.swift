/// The addresses of a region's profiles (see `AddressRow`).
package protocol AddressRows {
    func find(id: ULID) throws -> AddressRow?
    func find(fingerprint: [UInt8], profile: Int64) throws -> AddressRow?
    func insert(_ row: AddressRow) throws
    func update(id: ULID, updatedAt: Int64, fingerprint: [UInt8], sealed: [UInt8]) throws
    func delete(id: ULID) throws
    /// Every address of a profile (its deletion).
    func deleteAll(profile: Int64) throws
    func count(profile: Int64) throws -> Int
    /// A profile's addresses oldest first (ties by id).
    func page(profile: Int64, offset: Int, count: Int) throws -> [AddressRow]
}
