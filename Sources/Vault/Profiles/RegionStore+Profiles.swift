import Locking
import VaultCrypto

/// Turning stored profile and address rows into domain values, and running profile writes.
extension RegionStore {
    /// Opens a live row: unwraps the profile's key and decrypts its fields.
    func open(_ row: ProfileRow, tenant: Tenant) throws -> (profile: Profile, key: SymmetricKey) {
        let (fields, key) = try openFields(row, tenant: tenant)
        return (try profile(row, fields, tenant: tenant), key)
    }

    /// The fields alone: what a search needs to confirm a candidate.
    func openFields(_ row: ProfileRow, tenant: Tenant) throws -> (fields: ProfileFields, key: SymmetricKey) {
        guard let sealed = row.sealed else { throw StoredRecordError.malformed }
        let key = try openKey(row, tenant: tenant)
        return (try profileCrypto.openFields(sealed, key: key, tenant: tenant, profile: row.id), key)
    }

    /// The profile's own key alone: what its addresses are sealed under.
    func openKey(_ row: ProfileRow, tenant: Tenant) throws -> SymmetricKey {
        guard let wrapped = row.wrappedKey else { throw StoredRecordError.malformed }
        return try profileCrypto.openKey(wrapped, tenant: tenant, profile: row.id)
    }

    func profile(_ row: ProfileRow, _ fields: ProfileFields, tenant: Tenant) throws -> Profile {
        Profile(id: try identity.token(for: row.id, kind: .profile, tenant: tenant), displayID: row.displayID,
                fields: fields, createdAt: row.createdAt, updatedAt: row.updatedAt)
    }

    func open(_ row: AddressRow, profile: ULID, key: SymmetricKey, tenant: Tenant) throws -> Address {
        let fields = try profileCrypto.openAddress(row.sealed, key: key, tenant: tenant, profile: profile, address: row.id)
        return Address(id: try identity.token(for: row.id, kind: .address, tenant: tenant), fields: fields,
                       createdAt: row.createdAt, updatedAt: row.updatedAt)
    }

    /// Runs `work` in the writer's next group commit and hands its answer to `completion` once that commit
    /// is durable. Outcomes the client caused come back as `.failure` values, not thrown errors, so they never
    /// fail the neighbours in the group; a thrown error fails this job alone.
    func write<T: Sendable>(_ work: @escaping @Sendable (any RegionTables) throws -> Result<T, ProfileError>,
                            completion: @escaping @Sendable (Result<T, ProfileError>) -> Void) {
        let answer = Locked<Result<T, ProfileError>>(.failure(.internalError))
        let submitted = storage.write({ tables in
            let outcome = try work(tables)
            answer.withLock { $0 = outcome }
        }, completion: { result in
            switch result {
            case .success: completion(answer.withLock { $0 })
            case .failure(let error): completion(.failure(Self.profileError(for: error)))
            }
        })
        if !submitted { completion(.failure(.unavailable)) }
    }

    /// `write` for a deletion: once it has committed, the WAL is truncated soon after (off the request path),
    /// so the deleted rows, zeroed in the pages this commit wrote, leave the older page images too.
    func erase<T: Sendable>(_ work: @escaping @Sendable (any RegionTables) throws -> Result<T, ProfileError>,
                            completion: @escaping @Sendable (Result<T, ProfileError>) -> Void) {
        let storage = self.storage
        write(work) { result in
            if case .success = result { storage.requestErasure() }
            completion(result)
        }
    }

    /// Appends a record of a read to the audit chain; `completion` runs once it is durable.
    func recordRead(_ record: AuditRecord, completion: @escaping @Sendable (Result<Void, ProfileError>) -> Void) {
        let key = keyring.chainKey
        write({ tables in
            try tables.audit.append(record, key: key)
            return .success(())
        }, completion: completion)
    }

    func appendAudit(_ record: AuditRecord, in tables: any RegionTables) throws {
        try tables.audit.append(record, key: keyring.chainKey)
    }

    static func profileError(for error: any Error) -> ProfileError {
        if let error = error as? ProfileError { return error }
        // Sealed under a retired keyring key (an old backup restored): erased, as far as anyone can tell.
        if case CryptoError.retiredKey? = error as? CryptoError { return .notFound }
        if let error = error as? StoreError, error.isTransient { return .unavailable }
        return .internalError
    }
}
