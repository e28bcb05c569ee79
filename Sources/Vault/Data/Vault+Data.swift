import VaultCrypto

/// Data entries: files stored whole, sealed in the region chosen as for tokenize, optionally with a time to
/// live in days. Reads and deletions of an unknown, expired, deleted or another tenant's id are all
/// `.notFound`.
extension Vault {
    package static let millisecondsPerDay: Int64 = 86_400_000

    package func storeData(tenant: Tenant, region: Region, data: StoredData, ttlDays: Int?, context: AuditContext,
                          completion: @escaping ProfileCompletion<DataID>) {
        guard let store = stores[region] else { return completion(.failure(.regionNotServed)) }
        let now = configuration.clock()
        do {
            let id = try DataID.random(region: region)
            let lookup = try DataBlobs.lookup(id, key: store.keyring.identityKey)
            let dataKey = try store.dataKeys.keyForSealing(tenant: tenant, count: 1, now: now)
            var plaintext = DataBlobs.plaintext(contentType: data.contentType, content: data.content)
            defer { SecureBytes.wipe(&plaintext) }
            let sealed = try VersionedCiphertext.seal(plaintext, keyID: dataKey.id, key: dataKey.key,
                                                      authenticating: DataBlobs.associatedData(id, tenant: tenant))
            let expiresAt = ttlDays.map { now + Int64($0) * Self.millisecondsPerDay }
            let pendingKey = dataKey.isDurable.load(ordering: .acquiring) ? nil : dataKey
            let record = AuditRecord("data.store", tenant, context, [], "stored \(data.content.count) bytes", now)
                .naming(Self.auditName(lookup))
            store.write({ tables in
                if let key = pendingKey { try tables.dataKeys.insert(key) }
                try tables.data.insert(lookup: lookup, tenant: tenant, createdAt: now, expiresAt: expiresAt, sealed: sealed)
                try store.appendAudit(record, in: tables)
                return .success(id)
            }, completion: { result in
                if case .success = result { pendingKey?.isDurable.store(true, ordering: .releasing) }
                completion(result)
            })
        } catch {
            completion(.failure(failure(error, "data store")))
        }
    }

    package func data(tenant: Tenant, id: String, context: AuditContext, completion: @escaping ProfileCompletion<StoredData>) {
        let completion = recordingMisses(.dataRead, tenant, context, id: id, completion)
        do throws(ProfileError) {
            let (store, dataID) = try locateData(id)
            let (stored, lookup): (StoredData, [UInt8])
            do {
                (stored, lookup) = try store.storage.read { tables in
                    try openData(dataID, tenant: tenant, store: store, tables: tables)
                }
            } catch {
                throw failure(error, "data read")
            }
            let record = AuditRecord("data.read", tenant, context, [], "revealed \(stored.content.count) bytes",
                                     configuration.clock()).naming(Self.auditName(lookup))
            store.recordRead(record) { completion($0.map { stored }) }
        } catch {
            completion(.failure(error))
        }
    }

    package func deleteData(tenant: Tenant, id: String, context: AuditContext, completion: @escaping ProfileCompletion<Void>) {
        let completion = recordingMisses(.dataDelete, tenant, context, id: id, completion)
        guard let (store, dataID) = answering(completion, { () throws(ProfileError) in try locateData(id) }) else { return }
        let now = configuration.clock()
        let lookup: [UInt8]
        do { lookup = try DataBlobs.lookup(dataID, key: store.keyring.identityKey) } catch {
            return completion(.failure(.internalError))
        }
        let ledger = self.ledger
        store.erase({ tables in
            let data = tables.data
            guard try DataBlobs.isLive(data, lookup: lookup, tenant: tenant, now: now) else { return .failure(.notFound) }
            try ledger.record(.data, region: store.region, keyring: store.keyring, tenant: tenant, record: Hex.encode(lookup), at: now)
            try data.delete(lookup: lookup)
            try store.appendAudit(AuditRecord("data.delete", tenant, context, [], "deleted", now).naming(Self.auditName(lookup)),
                                  in: tables)
            return .success(())
        }, completion: completion)
    }

    /// Opens a blob of `tenant`; `.notFound` (thrown) for unknown, expired and other tenants' ids.
    func openData(_ id: DataID, tenant: Tenant, store: RegionStore, tables: any RegionTables) throws -> (StoredData, [UInt8]) {
        let lookup = try DataBlobs.lookup(id, key: store.keyring.identityKey)
        let now = configuration.clock()
        guard let row = try tables.data.find(lookup: lookup), row.header.tenant == tenant.name,
              DataBlobs.isLive(row.header, now: now) else { throw ProfileError.notFound }
        let keyID = try VersionedCiphertext.keyID(of: row.sealed)
        guard let key = try store.dataKeys.keyForOpening(tenant: tenant, id: keyID, load: {
            try tables.dataKeys.wrapped(tenant: tenant, id: keyID)
        }) else { throw StoredRecordError.malformed }
        var plaintext = try VersionedCiphertext.open(row.sealed, key: key, authenticating: DataBlobs.associatedData(id, tenant: tenant))
        defer { SecureBytes.wipe(&plaintext) }
        return (try DataBlobs.split(plaintext), lookup)
    }

    func locateData(_ text: String) throws(ProfileError) -> (store: RegionStore, id: DataID) {
        guard let id = try? DataID.parse(text) else { throw .invalidID }
        guard let store = stores[id.region] else { throw .regionNotServed }
        return (store, id)
    }

    /// How audit records name a blob: the first 8 bytes of its lookup hash (the id is the secret).
    static func auditName(_ lookup: [UInt8]) -> String { "data-" + Hex.encode(Array(lookup.prefix(8))) }
}

extension AuditRecord {
    func naming(_ record: String) -> AuditRecord {
        var copy = self
        copy.records = [record]
        return copy
    }
}
