/// A key wrapped under a region's keyring, as one row holds it: a tenant's data key or a profile's key.
package struct WrappedKey: Sendable, Equatable {
    package enum Owner: Sendable, Equatable {
        case dataKey(tenant: String, id: UInt32)
        case profile(number: Int64, id: ULID, tenant: String)
    }

    package let owner: Owner
    package let wrapped: [UInt8]

    package init(owner: Owner, wrapped: [UInt8]) {
        self.owner = owner
        self.wrapped = wrapped
    }
}

/// Which rows hold wrapped keys: `keys rewrap` walks them kind by kind, in a fixed order.
package enum WrappedKeyKind: String, Sendable, CaseIterable {
    case dataKeys = "data_keys"
    case profiles
}

/// Where a walk over one kind of wrapped key stands: after this row (in the kind's order).
package enum WrappedKeyPosition: Sendable, Equatable {
    case dataKey(tenant: String, id: UInt32)
    case profile(number: Int64)
}

/// The rows of a region that hold keys wrapped under its keyring, for rotation (`keys status`, `keys rewrap`,
/// `keys retire`). Which keyring key wrapped a row is read from its header (`VersionedCiphertext`), never
/// by opening it.
package protocol WrappedKeyRows {
    /// The keyring key id of up to `limit` rows of `kind` after `position`, in the kind's order, with each row's
    /// position: counts are taken in such short reads (beside a busy server), never one scan of the table.
    func keyringKeys(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, limit: Int) throws
        -> [(position: WrappedKeyPosition, keyID: UInt32)]

    /// Up to `limit` rows of `kind` after `position` (nil: from the first) that are not wrapped under
    /// `primary`, in the kind's order.
    func batch(_ kind: WrappedKeyKind, after position: WrappedKeyPosition?, notUnder primary: UInt32,
               limit: Int) throws -> [WrappedKey]

    /// Writes `wrapped` over `key`'s row only if the row still holds `key.wrapped` (compare-and-set): false
    /// when it changed or went meanwhile.
    func replace(_ key: WrappedKey, with wrapped: [UInt8]) throws -> Bool

    /// The durable cursor of a `keys rewrap` pass (`meta.rewrap`), nil when none is under way.
    func rewrapCursor() throws -> String?
    func setRewrapCursor(_ cursor: String?) throws
}

extension WrappedKey {
    /// Where a walk stands once it has handled this row.
    package var position: WrappedKeyPosition {
        switch owner {
        case .dataKey(let tenant, let id): .dataKey(tenant: tenant, id: id)
        case .profile(let number, _, _): .profile(number: number)
        }
    }
}

extension UInt32 {
    /// The four big-endian bytes a ciphertext header carries the key id in.
    package var headerBytes: [UInt8] { [UInt8(self >> 24), UInt8((self >> 16) & 0xff), UInt8((self >> 8) & 0xff), UInt8(self & 0xff)] }

    package init?(headerBytes bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        self = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
    }
}
