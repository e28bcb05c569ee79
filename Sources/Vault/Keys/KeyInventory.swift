#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// What `keys status` shows of one region: the keyring's keys (live and retired) and how many stored rows
/// are wrapped under each, read from the wrapped forms' headers.
package struct KeyInventory: Sendable {
    package struct Key: Sendable, Equatable {
        package let id: UInt32
        /// Seconds since the epoch, as the keyring file records it.
        package let createdAt: Int64
        package let isPrimary: Bool
        package let retiredAt: Int64?
        /// Rows wrapped under this key: data keys, profiles' keys and set-up documents.
        package var rows: Int
    }

    package let region: Region
    package let keyringPath: String
    /// Where the region's store is; nil when there is none yet (the counts are then all zero).
    package let store: String?
    package var keys: [Key]
    /// Rows wrapped under a key id this keyring does not list at all (another keyring's: never expected).
    package var unknownRows: Int

    /// Counts rows of the region's store (plus `documents`, the set-up documents per key id, which live
    /// elsewhere) against the keyring in `keysDirectory`.
    package static func take(_ region: Region, dataDirectory: String, keysDirectory: String, engine: any StoreEngine,
                             documents: [UInt32: Int]) throws -> KeyInventory {
        let path = KeyringFile.path(keysDirectory: keysDirectory, region: region.code)
        var counts = documents
        var location: String?
        let keyring: Keyring
        if let store = try MaintenanceConnection.open(region, dataDirectory: dataDirectory, keysDirectory: keysDirectory, engine: engine) {
            keyring = store.keyring
            location = store.location
            for (id, count) in try store.rowsByKey() { counts[id, default: 0] += count }
        } else {
            do { keyring = try KeyringFile.load(keysDirectory: keysDirectory, region: region.code) } catch let error as CryptoError {
                throw VaultError.keys(error.description)
            }
        }
        var keys = keyring.keyIDs.map { id in
            Key(id: id, createdAt: (try? keyring.entry(id: id).createdAt) ?? 0, isPrimary: id == keyring.primaryID,
                retiredAt: nil, rows: counts.removeValue(forKey: id) ?? 0)
        }
        keys += keyring.retired.map { key in
            Key(id: key.id, createdAt: key.createdAt, isPrimary: false, retiredAt: key.retiredAt,
                rows: counts.removeValue(forKey: key.id) ?? 0)
        }
        keys.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        return KeyInventory(region: region, keyringPath: path, store: location, keys: keys,
                            unknownRows: counts.values.reduce(0, +))
    }
}

extension MaintenanceConnection {
    /// How many of the region's rows (data keys and profiles' keys) are wrapped under each keyring key id,
    /// read 10,000 rows at a time with a pause as long as each read: one scan of a large store at once took
    /// CPU and I/O a busy server on two cores was waiting for (p99 21 ms while a rewrap counted 1M keys).
    func rowsByKey() throws -> [UInt32: Int] {
        do {
            var counts: [UInt32: Int] = [:]
            for kind in WrappedKeyKind.allCases {
                var position: WrappedKeyPosition?
                while true {
                    let began = WallClock.milliseconds()
                    let rows = try connection.tables.wrappedKeys.keyringKeys(kind, after: position, limit: 10_000)
                    for row in rows { counts[row.keyID, default: 0] += 1 }
                    guard let last = rows.last else { break }
                    position = last.position
                    usleep(useconds_t(min(max(1, WallClock.milliseconds() - began), 1_000) * 1_000))
                }
            }
            return counts
        } catch let error as StoreError {
            throw VaultError.store("cannot count the wrapped keys of \(location): \(error.message)")
        }
    }
}
