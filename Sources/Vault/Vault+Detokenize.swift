import VaultCrypto

/// What a token opens to: a tokenized value (its JSON text), a profile or an address.
package enum Revealed: Sendable, Equatable {
    case value([UInt8])
    // Boxed: a profile or a data entry is a large struct, and results are moved and copied as they are merged,
    // serialized and answered; inline, every one of 25 values paid for the largest case (memmove, retains).
    indirect case profile(Profile)
    indirect case address(Address)
    indirect case data(StoredData)
}

/// What detokenize was handed: a token (a value, profile or address) or a data id.
enum Presented: Sendable {
    case token(Token)
    case data(DataID)

    static func parse(_ text: String) -> Presented? {
        if let token = try? Token.parse(text) { return .token(token) }
        if let id = try? DataID.parse(text) { return .data(id) }
        return nil
    }

    var region: Region {
        switch self {
        case .token(let token): token.region
        case .data(let id): id.region
        }
    }
}

extension Vault {
    package typealias RevealResult = Result<Revealed, RecordError>

    /// Opens each token for `tenant` and answers, in the order of `tokens`, once the audit record of the
    /// reveal is durable in each region read. Tokens may be tokenized values, profile ids or address ids;
    /// kinds not in `allowed` are `.permissionDenied`. Unknown, expired and other tenants' tokens are all
    /// `.tokenNotFound`. If a region's audit record cannot be written, its values are withheld (`.retryable`).
    package func detokenize(tenant: Tenant, tokens: [String], allowed: Set<RecordKind>, context: AuditContext,
                           completion: @escaping @Sendable ([RevealResult]) -> Void) {
        var results = [RevealResult](repeating: .failure(.tokenNotFound), count: tokens.count)
        var byRegion: [Region: [(index: Int, item: Presented)]] = [:]
        let now = configuration.clock()
        for (index, text) in tokens.enumerated() {
            guard let item = Presented.parse(text) else {
                results[index] = .failure(.invalidToken)
                continue
            }
            guard stores[item.region] != nil else {
                results[index] = .failure(.regionNotServed)
                continue
            }
            byRegion[item.region, default: []].append((index, item))
        }
        for (region, wanted) in byRegion {
            // Present: only served regions were grouped.
            guard let store = stores[region] else { continue }
            do {
                try store.storage.snapshot { tables in
                    // Most batches use one data key: look it up once, not once per token.
                    var keys: [UInt32: AESGCMKey] = [:]
                    let record = TokenRecord(region: region, tenant: tenant)
                    let rows = try valueRows(wanted, allowed: allowed, now: now, tokens: tables.tokens)
                    for (index, item) in wanted {
                        guard case .token(let token) = item else {
                            if case .data(let id) = item { results[index] = try revealData(id, allowed, tenant, store, tables) }
                            continue
                        }
                        if let row = rows[index] {
                            results[index] = try open(token, row: row, record: record, tenant: tenant, store: store,
                                                      tables: tables, keys: &keys).map(Revealed.value)
                            continue
                        }
                        let kind = try store.identity.kind(of: token, tenant: tenant)
                        switch kind {
                        case .value:
                            results[index] = .failure(allowed.contains(.value) ? .tokenNotFound : .permissionDenied)
                        case .profile, .address, .data:
                            results[index] = allowed.contains(kind)
                                ? try reveal(token.id, kind: kind, tenant: tenant, store: store, tables: tables)
                                : .failure(.permissionDenied)
                        }
                    }
                }
            } catch {
                let code = Self.recordError(for: error)
                for (index, _) in wanted { results[index] = .failure(code) }
            }
        }
        recordReveals(byRegion, results: results, tenant: tenant, context: context, now: now, completion: completion)
    }

    /// One audit record per region read, each committed through that region's writer; answers when all are in.
    private func recordReveals(_ byRegion: [Region: [(index: Int, item: Presented)]], results: [RevealResult],
                               tenant: Tenant, context: AuditContext, now: Int64,
                               completion: @escaping @Sendable ([RevealResult]) -> Void) {
        guard !byRegion.isEmpty else { return completion(results) }
        let pending = PendingReveals(results: results, regions: byRegion.count, completion: completion)
        for (region, wanted) in byRegion {
            guard let store = stores[region] else {
                pending.finish(withholding: wanted.map(\.index))
                continue
            }
            let revealed = wanted.reduce(0) { count, item in
                if case .success = results[item.index] { count + 1 } else { count }
            }
            let audit = AuditRecord(at: now, requestID: context.requestID, tenant: tenant.name, keyID: context.keyID,
                                    operation: "detokenize", records: wanted.map { recordName($0.item, store) },
                                    outcome: "revealed \(revealed) of \(wanted.count)")
            let chainKey = store.keyring.chainKey
            let indexes = wanted.map(\.index)
            let submitted = store.storage.write({ tables in
                try tables.audit.append(audit, key: chainKey)
            }, completion: { result in
                pending.finish(withholding: (try? result.get()) == nil ? indexes : [])
            })
            if !submitted { pending.finish(withholding: indexes) }
        }
    }

    /// How the audit record names what was asked for: a token's record id, a data id's lookup prefix.
    private func recordName(_ item: Presented, _ store: RegionStore) -> String {
        switch item {
        case .token(let token): return token.id.string
        case .data(let id): return (try? Self.auditName(DataBlobs.lookup(id, key: store.keyring.identityKey))) ?? "data"
        }
    }

    private func revealData(_ id: DataID, _ allowed: Set<RecordKind>, _ tenant: Tenant, _ store: RegionStore,
                            _ tables: any RegionTables) throws -> RevealResult {
        guard allowed.contains(.data) else { return .failure(.permissionDenied) }
        do {
            return .success(.data(try openData(id, tenant: tenant, store: store, tables: tables).0))
        } catch ProfileError.notFound {
            return .failure(.tokenNotFound)
        } catch let error as StoreError {
            throw error
        } catch {
            logFailure("detokenize of a data id", error)
            return .failure(.internalError)
        }
    }

    /// A profile or address id opened to the same value a read of it answers.
    private func reveal(_ id: ULID, kind: RecordKind, tenant: Tenant, store: RegionStore,
                        tables: any RegionTables) throws -> RevealResult {
        do {
            let profiles = tables.profiles
            if kind == .profile {
                guard let row = try profiles.live(id: id, tenant: tenant) else { return .failure(.tokenNotFound) }
                return .success(.profile(try store.open(row, tenant: tenant).profile))
            }
            guard let row = try tables.addresses.find(id: id),
                  let profile = try profiles.find(number: row.profile),
                  profile.tenant == tenant.name, profile.isLive else { return .failure(.tokenNotFound) }
            let key = try store.openKey(profile, tenant: tenant)
            return .success(.address(try store.open(row, profile: profile.id, key: key, tenant: tenant)))
        } catch let error as StoreError {
            throw error
        } catch CryptoError.retiredKey {
            return .failure(.tokenNotFound)
        } catch {
            logFailure("detokenize of a profile or address", error)
            return .failure(.internalError)
        }
    }

    /// The tokens-table rows of the batch's live tokens, by the batch's index (a token's row only: none for
    /// expired ones, ones issued "in the future", or when values may not be revealed), in one look-up.
    /// Tokenized values, the common case, need no HMAC: their record is in the tokens table, where no
    /// profile or address id ever is (those record ids are random too). Expired tokens are skipped without a
    /// look at the store, and so are tokens issued while the clock ran ahead: they would outlive their 30 days.
    private func valueRows(_ wanted: [(index: Int, item: Presented)], allowed: Set<RecordKind>, now: Int64,
                           tokens: any TokenRows) throws -> [Int: (tenant: String, sealed: [UInt8])] {
        guard allowed.contains(.value) else { return [:] }
        var indexes: [Int] = []
        var ids: [[UInt8]] = []
        for (index, item) in wanted {
            guard case .token(let token) = item else { continue }
            let issuedAt = Int64(token.id.timestamp)
            guard ClockSkew.isLive(issuedAt: issuedAt, expiresAt: issuedAt + configuration.tokenTTLMilliseconds, now: now) else { continue }
            indexes.append(index)
            ids.append(token.id.bytes)
        }
        var rows: [Int: (tenant: String, sealed: [UInt8])] = [:]
        for (index, row) in zip(indexes, try tokens.find(ids: ids)) { rows[index] = row }
        return rows
    }

    /// The value of a tokens-table record.
    private func open(_ token: Token, row: (tenant: String, sealed: [UInt8]), record: TokenRecord, tenant: Tenant,
                      store: RegionStore, tables: any RegionTables,
                      keys: inout [UInt32: AESGCMKey]) throws -> Result<[UInt8], RecordError> {
        let id = token.id.bytes
        guard row.tenant == tenant.name else { return .failure(.tokenNotFound) }
        do {
            let keyID = try VersionedCiphertext.keyID(of: row.sealed)
            let key = try keys[keyID] ?? store.dataKeys.keyForOpening(tenant: tenant, id: keyID) {
                try tables.dataKeys.wrapped(tenant: tenant, id: keyID)
            }
            guard let key else {
                logger.error("a stored value names a data key that is not stored", ["region": .string(store.region.code)])
                return .failure(.internalError)
            }
            keys[keyID] = key
            let aad = record.associatedData(id: id, secret: token.secret.bytes)
            return .success(try VersionedCiphertext.open(row.sealed, key: key, authenticating: aad))
        } catch CryptoError.authenticationFailure {
            // A wrong secret (a forged or mistyped token) and a tampered row look the same, by design.
            return .failure(.tokenNotFound)
        } catch CryptoError.retiredKey {
            // Its data key was wrapped under a keyring key retired since (a restored old backup): erased.
            return .failure(.tokenNotFound)
        } catch let error as StoreError {
            throw error
        } catch {
            logger.error("stored value failed to open", ["region": .string(store.region.code),
                                                         "error_type": .errorType(error)])
            return .failure(.internalError)
        }
    }
}
