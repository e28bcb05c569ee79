import Vault
import VaultStore

/// The `data_blobs` table of a region. `expires_at` is null for blobs kept until deleted.
struct SQLiteDataRows: DataRows {
    static let schema = """
        CREATE TABLE data_blobs(
            number INTEGER PRIMARY KEY, lookup BLOB NOT NULL UNIQUE, tenant TEXT NOT NULL,
            created_at INTEGER NOT NULL, expires_at INTEGER, sealed BLOB NOT NULL);
        CREATE INDEX data_blobs_expiry ON data_blobs(expires_at) WHERE expires_at IS NOT NULL;
        """

    let database: Database

    func insert(lookup: [UInt8], tenant: Tenant, createdAt: Int64, expiresAt: Int64?, sealed: [UInt8]) throws {
        try database.query("INSERT INTO data_blobs(lookup, tenant, created_at, expires_at, sealed) VALUES(?, ?, ?, ?, ?)") { s in
            try s.run([.blob(lookup), .text(tenant.name), .integer(createdAt), expiresAt.map(DatabaseValue.integer) ?? .null,
                       .blob(sealed)])
        }
    }

    func header(lookup: [UInt8]) throws -> DataEntryHeader? {
        try database.query("SELECT tenant, created_at, expires_at FROM data_blobs WHERE lookup = ?") { s in
            try s.bind([.blob(lookup)])
            return try s.step() ? Self.header(s) : nil
        }
    }

    func find(lookup: [UInt8]) throws -> (header: DataEntryHeader, sealed: [UInt8])? {
        try database.query("SELECT tenant, created_at, expires_at, sealed FROM data_blobs WHERE lookup = ?") { s in
            try s.bind([.blob(lookup)])
            return try s.step() ? (Self.header(s), s.blob(3)) : nil
        }
    }

    private static func header(_ s: Statement) -> DataEntryHeader {
        DataEntryHeader(tenant: s.text(0), createdAt: s.int64(1), expiresAt: s.isNull(2) ? nil : s.int64(2))
    }

    func delete(lookup: [UInt8]) throws {
        try database.query("DELETE FROM data_blobs WHERE lookup = ?") { try $0.run([.blob(lookup)]) }
    }
}
