import VaultCrypto

/// Stored files ("data entries"), sealed under the tenant's data keys like tokenized values.
///
/// A row is found by `lookup`, 16 bytes of `HMAC(identity key, "data" ‖ region ‖ uuid)`: the id itself is
/// stored nowhere. The sealed plaintext is `content type length (2 bytes) ‖ content type ‖ content`, with
/// associated data naming the region, tenant and the whole UUID, so only the exact id of the right tenant
/// opens it. The expiry (clear, for the sweeper) is nil for blobs kept until deleted.
enum DataBlobs {
    static func lookup(_ id: DataID, key: HMACKey) throws -> [UInt8] {
        Array(try key.authenticate(Array("data\0\(id.region.code)\0".utf8), id.uuid).prefix(16))
    }

    static func associatedData(_ id: DataID, tenant: Tenant) -> [UInt8] {
        Array("piivault/v1/data\0\(id.region.code)\0\(tenant.name)\0".utf8) + id.uuid
    }

    /// Whether the row `lookup` names is `tenant`'s and not expired at `now`. The tenant and expiry decide,
    /// not the secret: only the holder of the id can name the row.
    static func isLive(_ rows: any DataRows, lookup: [UInt8], tenant: Tenant, now: Int64) throws -> Bool {
        guard let header = try rows.header(lookup: lookup) else { return false }
        return header.tenant == tenant.name && isLive(header, now: now)
    }

    /// Whether an entry is live: one without a time to live is kept until deleted; one with it expires, and
    /// is taken as expired while its creation time lies ahead of the clock (made while the clock ran ahead,
    /// it would outlive its days).
    static func isLive(_ header: DataEntryHeader, now: Int64) -> Bool {
        header.expiresAt.map { ClockSkew.isLive(issuedAt: header.createdAt, expiresAt: $0, now: now) } ?? true
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
package struct StoredData: Sendable, Equatable {
    package let contentType: String
    package let content: [UInt8]

    package init(contentType: String, content: [UInt8]) {
        self.contentType = contentType
        self.content = content
    }
}
