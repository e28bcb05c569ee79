import VaultCrypto

extension Vault {
    /// Seals each value and stores it in `region`, answering through `completion` once the write is durable
    /// (after the group commit). Results are in the order of `values`. Oversized values get
    /// `.valueTooLarge` while the others still get tokens.
    package func tokenize(tenant: Tenant, region: Region, values: [[UInt8]], context: AuditContext,
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
            let submitted = store.storage.write({ tables in
                if let key = pendingKey { try tables.dataKeys.insert(key) }
                try tables.tokens.insert(finalRows, tenant: tenant)
                try tables.audit.append(audit, key: chainKey)
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
            logger.error("tokenize failed before storing", ["error_type": .errorType(error)])
            completion(results.map { outcome in
                if case .failure(.valueTooLarge) = outcome { return outcome }
                return .failure(.internalError)
            })
        }
    }

    static func recordError(for error: any Error) -> RecordError {
        if let error = error as? StoreError, error.isTransient { return .retryable }
        return .internalError
    }
}
