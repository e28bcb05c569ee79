import ISO3166

/// Regulatory submissions: the country, where its documents live, and their ids, sealed.
extension SetupStore {
    package static let maxSubmissionsListed = 200

    func addSubmission(_ caller: SetupCaller, id: String, country: CountryCode, documentRegion: String,
                       sealedDocuments: [UInt8], documentCount: Int, now: Int64) throws(SetupError) {
        let row = RegulatorySubmission(id: id, country: country, documentRegion: documentRegion, documentIDs: [],
                                       status: "submitted", createdAt: now)
        try write { tables in
            try tables.insertSubmission(tenant: caller.tenant, row, sealedDocuments: sealedDocuments, documentCount: documentCount)
            try self.record("setup.submission.create", caller, subject: id,
                            outcome: "\(country.code), \(documentCount) documents", now: now, in: tables)
        }
    }

    /// Rows as stored: the documents still sealed.
    func submissions(tenant: String, id: String?) throws(SetupError) -> [(RegulatorySubmission, sealed: [UInt8])] {
        try read { try $0.submissions(tenant: tenant, id: id, limit: Self.maxSubmissionsListed) }
    }
}
