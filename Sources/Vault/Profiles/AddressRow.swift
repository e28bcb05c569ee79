import VaultStore

/// One row of `addresses`.
struct AddressRow: Sendable {
    static let columns = "id, profile, created_at, updated_at, fingerprint, sealed"

    let id: ULID
    let profile: Int64
    let createdAt: Int64
    let updatedAt: Int64
    let fingerprint: [UInt8]
    let sealed: [UInt8]

    init(_ s: Statement) throws {
        guard let id = ULID(bytes: s.blob(0)) else { throw StoredRecordError.malformed }
        self.id = id
        profile = s.int64(1)
        createdAt = s.int64(2)
        updatedAt = s.int64(3)
        fingerprint = s.blob(4)
        sealed = s.blob(5)
    }

    static func find(id: ULID, in database: Database) throws -> AddressRow? {
        try database.withStatement("SELECT \(columns) FROM addresses WHERE id = ?") { s in
            try s.bind([.blob(id.bytes)])
            return try s.step() ? AddressRow(s) : nil
        }
    }

    static func find(fingerprint: [UInt8], profile: Int64, in database: Database) throws -> AddressRow? {
        try database.withStatement("SELECT \(columns) FROM addresses WHERE profile = ? AND fingerprint = ?") { s in
            try s.bind([.integer(profile), .blob(fingerprint)])
            return try s.step() ? AddressRow(s) : nil
        }
    }
}
