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
                if let key = pendingKey { try DataKeyCache.insert(key, into: database) }
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
