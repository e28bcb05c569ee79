/// Old data keys. A data key seals new values for at most the token lifetime (`--data-key-max-age` cannot
/// exceed it) and a token lives that long again, so a key made two token lifetimes ago seals nothing new and
/// every token it sealed has expired (and was swept just before; a dry run leaves them, and does not count them). What may still hold it is a data entry kept
/// without an expiry: a key no stored row references is deleted, and with it the last means (in this store
/// and every copy taken after) of opening anything it ever sealed.
extension Sweeper {
    func sweepDataKeys(_ connection: any RegionConnection, tokenCutoff: ULID) throws -> Int {
        let rows = connection.tables.dataKeys
        let old = try rows.createdBefore(now - 2 * tokenTTLMilliseconds)
        guard !old.isEmpty else { return 0 }
        // Read outside a write transaction: nothing adds a reference to a key this old.
        let referenced = try rows.referenced(tokensIssuedSince: tokenCutoff)
        let unused = old.filter { !referenced.contains($0) }
        guard !dryRun else { return unused.count }
        var start = 0
        while start < unused.count {
            let chunk = unused[start..<min(start + batchRows, unused.count)]
            try connection.transaction { tables in
                for key in chunk { try tables.dataKeys.delete(key) }
            }
            start += chunk.count
        }
        return unused.count
    }
}
