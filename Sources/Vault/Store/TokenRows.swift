/// The tokens of a region: one row per tokenized value, holding its record id, its tenant and the sealed value
/// (see `Vault.tokenize`; the token's secret half is stored nowhere).
package protocol TokenRows {
    /// Inserts new rows of `tenant`. Record ids are random: a clash fails the transaction.
    func insert(_ rows: [(id: [UInt8], sealed: [UInt8])], tenant: Tenant) throws

    /// The row with record id `id`: whose it is and its sealed value.
    func find(id: [UInt8]) throws -> (tenant: String, sealed: [UInt8])?

    /// The rows of these record ids, in their order (nil where there is none): a detokenize batch in one
    /// look-up where a look-up is a round trip to a server.
    func find(ids: [[UInt8]]) throws -> [(tenant: String, sealed: [UInt8])?]
}

extension TokenRows {
    /// One point read per id: for an engine in the process, where a read costs no round trip.
    package func find(ids: [[UInt8]]) throws -> [(tenant: String, sealed: [UInt8])?] {
        try ids.map { try find(id: $0) }
    }
}
