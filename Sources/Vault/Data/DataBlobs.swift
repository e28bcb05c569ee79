import VaultCrypto
import VaultStore

/// Stored files ("data entries"), sealed under the tenant's data keys like tokenized values.
///
/// A row is found by `lookup`, 16 bytes of `HMAC(identity key, "data" ‖ region ‖ uuid)`: the id itself is
/// stored nowhere. The sealed plaintext is `content type length (2 bytes) ‖ content type ‖ content`, with
/// associated data naming the region, tenant and the whole UUID, so only the exact id of the right tenant
/// opens it. `expires_at` (clear, for the sweeper) is null for blobs kept until deleted.
enum DataBlobs {
    static let schema = """
        CREATE TABLE data_blobs(
            number INTEGER PRIMARY KEY, lookup BLOB NOT NULL UNIQUE, tenant TEXT NOT NULL,
            created_at INTEGER NOT NULL, expires_at INTEGER, sealed BLOB NOT NULL);
        CREATE INDEX data_blobs_expiry ON data_blobs(expires_at) WHERE expires_at IS NOT NULL;
        """

    static func lookup(_ id: DataID, key: HMACKey) throws -> [UInt8] {
        Array(try key.authenticate(Array("data\0\(id.region.code)\0".utf8), id.uuid).prefix(16))
    }

    static func associatedData(_ id: DataID, tenant: Tenant) -> [UInt8] {
        Array("piivault/v1/data\0\(id.region.code)\0\(tenant.name)\0".utf8) + id.uuid
    }

    /// Whether the row `lookup` names is `tenant`'s and not expired at `now`. The tenant and expiry decide,
    /// not the secret: only the holder of the id can name the row.
    static func isLive(_ database: Database, lookup: [UInt8], tenant: Tenant, now: Int64) throws -> Bool {
        try database.withStatement("SELECT tenant, created_at, expires_at FROM data_blobs WHERE lookup = ?") { s in
            try s.bind([.blob(lookup)])
            guard try s.step() else { return false }
            return s.text(0) == tenant.name && isLive(s, from: 1, now: now)
        }
    }

    /// Whether the `created_at, expires_at` columns from `column` on describe a live entry: one without a
    /// time to live is kept until deleted; one with it expires, and is taken as expired while its creation
    /// time lies ahead of the clock (made while the clock ran ahead, it would outlive its days).
    static func isLive(_ s: Statement, from column: Int32, now: Int64) -> Bool {
        s.isNull(column + 1) || ClockSkew.isLive(issuedAt: s.int64(column), expiresAt: s.int64(column + 1), now: now)
    }

    static func plaintext(contentType: String, content: [UInt8]) -> [UInt8] {
        let type = Array(contentType.utf8)
        var out: [UInt8] = [UInt8(type.count >> 8), UInt8(type.count & 0xFF)]
        out.reserveCapacity(2 + type.count + content.count)
        out += type
        out += content
        return out
    }

    static func split(_ plaintext: [UInt8]) throws -> StoredData {
        guard plaintext.count >= 2 else { throw StoredRecordError.malformed }
        let length = Int(plaintext[0]) << 8 | Int(plaintext[1])
        guard plaintext.count >= 2 + length else { throw StoredRecordError.malformed }
        return StoredData(contentType: String(decoding: plaintext[2..<(2 + length)], as: UTF8.self),
                          content: Array(plaintext[(2 + length)...]))
    }
}

/// A stored file as it was given: its media type and its exact bytes.
public struct StoredData: Sendable, Equatable {
    public let contentType: String
    public let content: [UInt8]

    public init(contentType: String, content: [UInt8]) {
        self.contentType = contentType
        self.content = content
    }
}
