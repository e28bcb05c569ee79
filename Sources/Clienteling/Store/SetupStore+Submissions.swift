import ISO3166
import VaultStore

/// Regulatory submissions: the country, where its documents live, and their ids, sealed.
extension SetupStore {
    package static let maxSubmissionsListed = 200

    func addSubmission(_ caller: SetupCaller, id: String, country: CountryCode, documentRegion: String,
                       sealedDocuments: [UInt8], documentCount: Int, now: Int64) throws(SetupError) {
        try write { db in
            try db.withStatement("""
                INSERT INTO regulatory_submissions(tenant, id, country_code, document_region, documents, document_count,
                                                   status, created_at)
                VALUES(?, ?, ?, ?, ?, ?, 'submitted', ?)
                """) { s in
                try s.run([.text(caller.tenant), .text(id), .text(country.code), .text(documentRegion), .blob(sealedDocuments),
                           .integer(Int64(documentCount)), .integer(now)])
            }
            try self.record("setup.submission.create", caller, subject: id,
                            outcome: "\(country.code), \(documentCount) documents", now: now, in: db)
        }
    }

    /// Rows as stored: the documents still sealed.
    func submissions(tenant: String, id: String?) throws(SetupError) -> [(RegulatorySubmission, sealed: [UInt8])] {
        try read { db in
            try db.withStatement("""
                SELECT id, country_code, document_region, documents, status, created_at FROM regulatory_submissions
                WHERE tenant = ? AND (? IS NULL OR id = ?) ORDER BY created_at DESC, id LIMIT ?
                """) { s in
                let idValue = DatabaseValue.text(orNull: id)
                try s.bind([.text(tenant), idValue, idValue, .integer(Int64(Self.maxSubmissionsListed))])
                var out: [(RegulatorySubmission, sealed: [UInt8])] = []
                while try s.step() {
                    out.append((RegulatorySubmission(id: s.text(0), country: CountryCode(s.text(1)) ?? CountryCode("US")!,
                                                     documentRegion: s.text(2), documentIDs: [], status: s.text(4),
                                                     createdAt: s.int64(5)), s.blob(3)))
                }
                return out
            }
        }
    }
}
