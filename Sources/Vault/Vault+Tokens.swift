import VaultCrypto
import VaultStore

extension Vault {
    /// Seals each value and stores it in `region`, answering through `completion` once the write is durable
    /// (after the group commit). Results are in the order of `values`. Oversized values get
    /// `.valueTooLarge` while the others still get tokens.
    public func tokenize(tenant: Tenant, region: Region, values: [[UInt8]], context: AuditContext,
                         completion: @escaping @Sendable ([Result<Token, RecordError>]) -> Void) {
        guard let store = stores[region] else {
            completion(values.map { _ in .failure(.regionNotServed) })
            return
        }
        var results = [Result<Token, RecordError>](repeating: .failure(.internalError), count: values.count)
        var rows: [(id: [UInt8], sealed: [UInt8])] = []
        let now = configuration.clock()
        let record = TokenRecord(region: region, tenant: tenant)
        do {
            let accepted = values.indices.filter { values[$0].count <= configuration.maxValueBytes }
            for index in values.indices where values[index].count > configuration.maxValueBytes {
                results[index] = .failure(.valueTooLarge)
            }
            guard !accepted.isEmpty else { return completion(results) }
            let dataKey = try store.dataKeys.keyForSealing(tenant: tenant, count: accepted.count, now: now)
            // One draw from the CSPRNG per request: per value, 10 bytes for the record id, 10 for the
            // secret and 12 for the nonce (each RAND_bytes call has a fixed cost worth amortizing).
            let perValue = 32
            let randomness = try SecureRandom.bytes(perValue * accepted.count)
            rows.reserveCapacity(accepted.count)
            try randomness.withUnsafeBytes { random in
                for (n, index) in accepted.enumerated() {
                    let base = n * perValue
                    let id = ULID(timestamp: UInt64(now), randomness: UnsafeRawBufferPointer(rebasing: random[base..<(base + 10)]))
                    let secret = ULID(timestamp: UInt64(now), randomness: UnsafeRawBufferPointer(rebasing: random[(base + 10)..<(base + 20)]))
                    let idBytes = id.bytes
                    let aad = record.associatedData(id: idBytes, secret: secret.bytes)
                    let sealed = try VersionedCiphertext.seal(values[index], keyID: dataKey.id, key: dataKey.key,
                                                              nonce: Array(random[(base + 20)..<(base + perValue)]),
                                                              authenticating: aad)
                    rows.append((idBytes, sealed))
                    results[index] = .success(Token(region: region, id: id, secret: secret))
                }
            }
            let pendingKey = dataKey.isDurable.load(ordering: .acquiring) ? nil : dataKey
            let finalRows = rows
            let tokens = results
            let audit = AuditRecord(at: now, requestID: context.requestID, tenant: tenant.name, keyID: context.keyID,
                                    operation: "tokenize", records: rows.map { ULID(bytes: $0.id)!.string },
                                    outcome: "stored \(rows.count) of \(values.count)")
            let chainKey = store.keyring.chainKey
            let submitted = store.writer.submit({ database in
                if let key = pendingKey {
                    try database.withStatement(
                        "INSERT OR IGNORE INTO data_keys(tenant, id, wrapped, created_at) VALUES(?, ?, ?, ?)") {
                        try $0.run([.text(key.tenant.name), .integer(Int64(key.id)), .blob(key.wrapped),
                                    .integer(key.createdAt)])
                    }
                }
                try Self.insertTokens(finalRows, tenant: tenant, into: database)
                try AuditChain.append(audit, key: chainKey, in: database)
            }, completion: { result in
                switch result {
                case .success:
                    pendingKey?.isDurable.store(true, ordering: .releasing)
                    completion(tokens)
                case .failure(let error):
                    let code = Self.recordError(for: error)
                    completion(tokens.map { outcome in
                        if case .failure(let e) = outcome { return .failure(e) }
                        return .failure(code)
                    })
                }
            })
            if !submitted {
                // Shutting down: nothing was stored; per-key errors found earlier still stand.
                completion(results.map { outcome in
                    if case .failure(.valueTooLarge) = outcome { return outcome }
                    return .failure(.retryable)
                })
            }
        } catch {
            logger.error("tokenize failed before storing", ["error_type": .string(String(describing: type(of: error)))])
            completion(results.map { outcome in
                if case .failure(.valueTooLarge) = outcome { return outcome }
                return .failure(.internalError)
            })
        }
    }

    /// Opens each token's value for `tenant` and answers, in the order of `tokens`, once the audit record of
    /// the reveal is durable in each region read. Unknown, expired and other tenants' tokens are all
    /// `.tokenNotFound`. If a region's audit record cannot be written, its values are withheld (`.retryable`).
    public func detokenize(tenant: Tenant, tokens: [String], context: AuditContext,
                           completion: @escaping @Sendable ([Result<[UInt8], RecordError>]) -> Void) {
        var results = [Result<[UInt8], RecordError>](repeating: .failure(.tokenNotFound), count: tokens.count)
        var byRegion: [Region: [(index: Int, token: Token)]] = [:]
        let now = configuration.clock()
        for (index, text) in tokens.enumerated() {
            let token: Token
            do {
                token = try Token.parse(text)
            } catch {
                results[index] = .failure(.invalidToken)
                continue
            }
            guard stores[token.region] != nil else {
                results[index] = .failure(.regionNotServed)
                continue
            }
            byRegion[token.region, default: []].append((index, token))
        }
        for (region, wanted) in byRegion {
            let store = stores[region]!
            do {
                try store.readers.withConnection { database in
                    try database.inTransaction(.deferred) {
                        // Most batches use one data key: look it up once, not once per token.
                        var keys: [UInt32: AESGCMKey] = [:]
                        for (index, token) in wanted {
                            // Expired tokens are unknown without a look at the store.
                            guard Int64(token.id.timestamp) + configuration.tokenTTLMilliseconds > now else { continue }
                            results[index] = try open(token, tenant: tenant, store: store, database: database,
                                                      keys: &keys)
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
    private func recordReveals(_ byRegion: [Region: [(index: Int, token: Token)]], results: [Result<[UInt8], RecordError>],
                               tenant: Tenant, context: AuditContext, now: Int64,
                               completion: @escaping @Sendable ([Result<[UInt8], RecordError>]) -> Void) {
        guard !byRegion.isEmpty else { return completion(results) }
        let pending = PendingReveals(results: results, regions: byRegion.count, completion: completion)
        for (region, wanted) in byRegion {
            let store = stores[region]!
            let revealed = wanted.filter { (try? results[$0.index].get()) != nil }.count
            let audit = AuditRecord(at: now, requestID: context.requestID, tenant: tenant.name, keyID: context.keyID,
                                    operation: "detokenize", records: wanted.map { $0.token.id.string },
                                    outcome: "revealed \(revealed) of \(wanted.count)")
            let chainKey = store.keyring.chainKey
            let indexes = wanted.map(\.index)
            let submitted = store.writer.submit({ database in
                try AuditChain.append(audit, key: chainKey, in: database)
            }, completion: { result in
                pending.finish(withholding: (try? result.get()) == nil ? indexes : [])
            })
            if !submitted { pending.finish(withholding: indexes) }
        }
    }

    private func open(_ token: Token, tenant: Tenant, store: RegionStore, database: Database,
                      keys: inout [UInt32: AESGCMKey]) throws -> Result<[UInt8], RecordError> {
        let id = token.id.bytes
        let row = try database.withStatement("SELECT tenant, sealed FROM tokens WHERE id = ?") { s in
            try s.bind([.blob(id)])
            return try s.step() ? (tenant: s.text(0), sealed: s.blob(1)) : nil
        }
        guard let row, row.tenant == tenant.name else { return .failure(.tokenNotFound) }
        do {
            let keyID = try VersionedCiphertext.keyID(of: row.sealed)
            let key = try keys[keyID] ?? store.dataKeys.keyForOpening(tenant: tenant, id: keyID) {
                try database.withStatement("SELECT wrapped FROM data_keys WHERE tenant = ? AND id = ?") { s in
                    try s.bind([.text(tenant.name), .integer(Int64(keyID))])
                    return try s.step() ? s.blob(0) : nil
                }
            }
            guard let key else {
                logger.error("a stored value names a data key that is not stored", ["region": .string(store.region.code)])
                return .failure(.internalError)
            }
            keys[keyID] = key
            let aad = TokenRecord(region: store.region, tenant: tenant).associatedData(id: id, secret: token.secret.bytes)
            return .success(try VersionedCiphertext.open(row.sealed, key: key, authenticating: aad))
        } catch CryptoError.authenticationFailure {
            // A wrong secret (a forged or mistyped token) and a tampered row look the same, by design.
            return .failure(.tokenNotFound)
        } catch let error as DatabaseError {
            throw error
        } catch {
            logger.error("stored value failed to open", ["region": .string(store.region.code),
                                                         "error_type": .string(String(describing: type(of: error)))])
            return .failure(.internalError)
        }
    }

    /// One multi-row INSERT per request (up to 25 rows): the writer thread is the serial part of
    /// tokenizing, and one statement execution per request costs far less than one per row. The SQL
    /// depends only on the row count, never on input.
    private static func insertTokens(_ rows: [(id: [UInt8], sealed: [UInt8])], tenant: Tenant,
                                     into database: Database) throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 25, rows.count)]
            try database.withStatement(insertSQL[chunk.count]) { s in
                var index: Int32 = 1
                for row in chunk {
                    try s.bind(blob: row.id, at: index)
                    try s.bind(text: tenant.name, at: index + 1)
                    try s.bind(blob: row.sealed, at: index + 2)
                    index += 3
                }
                try s.step()
            }
            start += chunk.count
        }
    }

    /// `insertSQL[n]` inserts n rows.
    private static let insertSQL: [String] = (0...25).map { count in
        "INSERT INTO tokens(id, tenant, sealed) VALUES " + repeatElement("(?, ?, ?)", count: count).joined(separator: ", ")
    }

    static func recordError(for error: any Error) -> RecordError {
        if let error = error as? DatabaseError, error.isTransient { return .retryable }
        return .internalError
    }
}
