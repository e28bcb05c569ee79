import VaultCrypto

/// A profile's addresses: sealed under the profile's key in the profile's region, found again for
/// get-or-create by a keyed fingerprint of their fields.
extension Vault {
    package func getOrCreateAddress(tenant: Tenant, profileID: String, fields: AddressFields, context: AuditContext,
                                   completion: @escaping ProfileCompletion<(address: Address, created: Bool)>) {
        let completion = recordingMisses(.addressCreate, tenant, context, id: profileID, completion)
        do throws(FieldError) { try fields.validate() } catch { return completion(.failure(.invalid(error))) }
        guard let (store, profileRecord) = located(profileID, kind: .profile, tenant: tenant, completion) else { return }
        let now = configuration.clock(), limit = configuration.maxAddressesPerProfile, ledger = self.ledger
        store.write({ tables -> Result<(address: Address, created: Bool, replaced: Bool), ProfileError> in
            guard let profile = try tables.profiles.live(id: profileRecord, tenant: tenant) else { return .failure(.notFound) }
            let key = try store.openKey(profile, tenant: tenant)
            let fingerprint = try store.blindIndex.fingerprint(of: fields, tenant: tenant, profile: profile.id)
            let addresses = tables.addresses
            if let row = try addresses.find(fingerprint: fingerprint, profile: profile.number) {
                let address = try store.open(row, profile: profile.id, key: key, tenant: tenant)
                try store.appendAudit(AuditRecord("address.get_or_create", tenant, context, [row.id], "existing", now), in: tables)
                return .success((address, false, false))
            }
            // At the limit, the oldest address goes in the same transaction, erased as a deletion is.
            var replaced = false
            if try addresses.count(profile: profile.number) >= limit, let oldest = try addresses.page(profile: profile.number, offset: 0, count: 1).first {
                try ledger.record(.address, region: store.region, keyring: store.keyring, tenant: tenant,
                                  record: profileRecord.string + "." + oldest.id.string, at: now)
                try addresses.delete(id: oldest.id)
                try store.appendAudit(AuditRecord("address.delete", tenant, context, [oldest.id],
                                                  "replaced: the profile holds \(limit) addresses", now), in: tables)
                replaced = true
            }
            let id = try SecureRandom.bytes(10).withUnsafeBytes { ULID(timestamp: UInt64(now), randomness: $0) }
            let sealed = try store.profileCrypto.seal(fields, key: key, tenant: tenant, profile: profile.id, address: id)
            try addresses.insert(AddressRow(id: id, profile: profile.number, createdAt: now, updatedAt: now,
                                            fingerprint: fingerprint, sealed: sealed))
            try store.appendAudit(AuditRecord("address.get_or_create", tenant, context, [id], "created", now), in: tables)
            let address = Address(id: try store.identity.token(for: id, kind: .address, tenant: tenant), fields: fields,
                                  createdAt: now, updatedAt: now)
            return .success((address, true, replaced))
        }, completion: { result in
            if case .success(let made) = result, made.replaced { store.storage.requestErasure() }
            completion(result.map { ($0.address, $0.created) })
        })
    }

    /// The profile's addresses, oldest first, and how many it has.
    package func addresses(tenant: Tenant, profileID: String, offset: Int, count: Int, context: AuditContext,
                          completion: @escaping ProfileCompletion<(addresses: [Address], total: Int)>) {
        let completion = recordingMisses(.addressList, tenant, context, id: profileID, completion)
        do throws(ProfileError) {
            let (store, profileRecord) = try locate(profileID, kind: .profile, tenant: tenant)
            let page: (addresses: [Address], total: Int)
            do {
                page = try store.storage.snapshot { tables in
                    guard let profile = try tables.profiles.live(id: profileRecord, tenant: tenant) else {
                        throw ProfileError.notFound
                    }
                    let key = try store.openKey(profile, tenant: tenant)
                    let addresses = tables.addresses
                    let total = try addresses.count(profile: profile.number)
                    let rows = try addresses.page(profile: profile.number, offset: offset, count: count)
                    return (try rows.map { try store.open($0, profile: profile.id, key: key, tenant: tenant) }, total)
                }
            } catch {
                throw failure(error, "address list")
            }
            let record = AuditRecord("address.list", tenant, context, page.addresses.map(\.id.id),
                                     "revealed \(page.addresses.count)", configuration.clock())
            store.recordRead(record) { completion($0.map { page }) }
        } catch {
            completion(.failure(error))
        }
    }

    package func address(tenant: Tenant, profileID: String, addressID: String, context: AuditContext,
                        completion: @escaping ProfileCompletion<Address>) {
        let completion = recordingMisses(.addressRead, tenant, context, id: profileID, completion)
        do throws(ProfileError) {
            let (store, profileRecord, addressRecord) = try locateAddress(profileID, addressID, tenant: tenant)
            let address: Address
            do {
                address = try store.storage.read { tables in
                    guard let (profile, row) = try Self.liveAddress(profileRecord, addressRecord, tenant, tables) else {
                        throw ProfileError.notFound
                    }
                    return try store.open(row, profile: profile.id, key: store.openKey(profile, tenant: tenant), tenant: tenant)
                }
            } catch {
                throw failure(error, "address read")
            }
            store.recordRead(AuditRecord("address.read", tenant, context, [addressRecord], "revealed", configuration.clock())) {
                completion($0.map { address })
            }
        } catch {
            completion(.failure(error))
        }
    }

    package func updateAddress(tenant: Tenant, profileID: String, addressID: String, patch: AddressPatch,
                              context: AuditContext, completion: @escaping ProfileCompletion<Address>) {
        let completion = recordingMisses(.addressUpdate, tenant, context, id: profileID, completion)
        guard let (store, profileRecord, addressRecord) = locatedAddress(profileID, addressID, tenant, completion) else { return }
        let now = configuration.clock()
        store.write({ tables in
            guard let (profile, row) = try Self.liveAddress(profileRecord, addressRecord, tenant, tables) else {
                return .failure(.notFound)
            }
            if let expected = patch.lastUpdatedAt, row.updatedAt != expected { return .failure(.staleUpdate) }
            let key = try store.openKey(profile, tenant: tenant)
            var address = try store.open(row, profile: profile.id, key: key, tenant: tenant)
            address.fields = patch.applied(to: address.fields)
            do throws(FieldError) { try address.fields.validate() } catch { return .failure(.invalid(error)) }
            let fingerprint = try store.blindIndex.fingerprint(of: address.fields, tenant: tenant, profile: profile.id)
            if let twin = try tables.addresses.find(fingerprint: fingerprint, profile: profile.number), twin.id != row.id {
                return .failure(.duplicateAddress)
            }
            address.updatedAt = max(now, row.updatedAt + 1)
            let sealed = try store.profileCrypto.seal(address.fields, key: key, tenant: tenant, profile: profile.id, address: row.id)
            try tables.addresses.update(id: row.id, updatedAt: address.updatedAt, fingerprint: fingerprint, sealed: sealed)
            try store.appendAudit(AuditRecord("address.update", tenant, context, [row.id], "updated", now), in: tables)
            return .success(address)
        }, completion: completion)
    }

    package func deleteAddress(tenant: Tenant, profileID: String, addressID: String, context: AuditContext,
                              completion: @escaping ProfileCompletion<Void>) {
        let completion = recordingMisses(.addressDelete, tenant, context, id: profileID, completion)
        guard let (store, profileRecord, addressRecord) = locatedAddress(profileID, addressID, tenant, completion) else { return }
        let now = configuration.clock()
        let ledger = self.ledger
        store.erase({ tables in
            guard try Self.liveAddress(profileRecord, addressRecord, tenant, tables) != nil else { return .failure(.notFound) }
            try ledger.record(.address, region: store.region, keyring: store.keyring, tenant: tenant,
                              record: profileRecord.string + "." + addressRecord.string, at: now)
            try tables.addresses.delete(id: addressRecord)
            try store.appendAudit(AuditRecord("address.delete", tenant, context, [addressRecord], "deleted", now), in: tables)
            return .success(())
        }, completion: completion)
    }

    private func locatedAddress<T>(_ profileID: String, _ addressID: String, _ tenant: Tenant,
                                   _ completion: ProfileCompletion<T>) -> (store: RegionStore, profile: ULID, address: ULID)? {
        answering(completion) { () throws(ProfileError) in try locateAddress(profileID, addressID, tenant: tenant) }
    }

    /// Both ids must be the tenant's, of the right kinds, and in one region (an address lives with its profile).
    private func locateAddress(_ profileID: String, _ addressID: String,
                               tenant: Tenant) throws(ProfileError) -> (store: RegionStore, profile: ULID, address: ULID) {
        let (store, profile) = try locate(profileID, kind: .profile, tenant: tenant)
        // An address of another region than its profile's cannot be this profile's: not found, not misdirected
        // (no node holds such a pair, so no other node would answer otherwise).
        if let address = try? Token.parse(addressID), address.region != store.region { throw .notFound }
        let (addressStore, address) = try locate(addressID, kind: .address, tenant: tenant)
        guard addressStore === store else { throw .notFound }
        return (store, profile, address)
    }

    /// The live profile and its address; nil if either is gone or the address belongs to another profile.
    static func liveAddress(_ profileID: ULID, _ addressID: ULID, _ tenant: Tenant,
                            _ tables: any RegionTables) throws -> (ProfileRow, AddressRow)? {
        guard let profile = try tables.profiles.live(id: profileID, tenant: tenant),
              let row = try tables.addresses.find(id: addressID), row.profile == profile.number else { return nil }
        return (profile, row)
    }
}
