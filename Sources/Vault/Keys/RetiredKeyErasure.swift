import VaultCrypto

/// A store older than a key retirement (a backup restored) holds profiles whose key is wrapped under the
/// retired key: they can never be opened again, and left as they are they would fail every list, search and
/// get-or-create that meets them. `restore` erases them as a deletion would (key, fields, index entries,
/// grams, addresses; a tombstone the sweep removes), audited, before the restored vault serves. Tokens and
/// data entries sealed under such data keys fail on their own (not found) and expire or are swept.
package enum RetiredKeyErasure {
    /// Erases them in `region`'s store; returns how many profiles it erased (0 without a store or a retired key).
    package static func run(_ region: Region, dataDirectory: String, keysDirectory: String, engine: any StoreEngine,
                            now: Int64) throws -> Int {
        guard let store = try MaintenanceConnection.open(region, dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                                         engine: engine), !store.keyring.retired.isEmpty else { return 0 }
        let keyring = store.keyring
        var numbers: [Int64] = []
        var position: WrappedKeyPosition?
        do {
            while true {
                let rows = try store.connection.tables.wrappedKeys.batch(.profiles, after: position, notUnder: keyring.primaryID,
                                                                         limit: 1_000)
                guard let last = rows.last else { break }
                position = last.position
                for row in rows {
                    guard case .profile(let number, _, _) = row.owner, let id = try? VersionedCiphertext.keyID(of: row.wrapped),
                          keyring.isRetired(id) else { continue }
                    numbers.append(number)
                }
            }
            var start = 0
            while start < numbers.count {
                let chunk = Array(numbers[start..<min(start + 500, numbers.count)])
                try store.connection.transaction { tables in
                    for number in chunk {
                        guard let row = try tables.profiles.find(number: number), let tenant = Tenant(row.tenant) else { continue }
                        try RegionStore.destroyProfile(number: number, tenant: tenant, grams: nil, at: now, in: tables)
                    }
                }
                start += chunk.count
            }
        } catch let error as StoreError {
            throw VaultError.store("erasing what retired keys wrapped in \(region.code) failed: \(error.message)")
        }
        if !numbers.isEmpty {
            try store.record("restore", actor: "restore", outcome: "\(numbers.count) profiles erased: their keys were wrapped "
                             + "under retired keyring keys", at: now)
            _ = store.connection.truncateLog()
        }
        return numbers.count
    }
}
