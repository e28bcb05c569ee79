import VaultStore

/// Opt-in messages, quick replies and regulatory submissions in `clienteling.sqlite`.
extension SQLiteSetupTables {
    func optIn(tenant: String) throws -> OptInTemplate? {
        try rows("SELECT body, updated_at FROM opt_in_templates WHERE tenant = ?", [.text(tenant)]) { s in
            OptInTemplate(body: s.text(0), isDefault: false, updatedAt: s.int64(1))
        }.first
    }

    func putOptIn(tenant: String, body: String, now: Int64) throws {
        try run("""
            INSERT INTO opt_in_templates(tenant, body, updated_at) VALUES(?, ?, ?)
            ON CONFLICT(tenant) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """, [.text(tenant), .text(body), .integer(now)])
    }

    func quickReplies(tenant: String) throws -> [QuickReply] {
        try rows("SELECT \(QuickReply.columns) FROM quick_replies WHERE tenant = ? ORDER BY created_at, id", [.text(tenant)],
                 Self.quickReply)
    }

    func quickReply(tenant: String, id: String) throws -> QuickReply? {
        try rows("SELECT \(QuickReply.columns) FROM quick_replies WHERE tenant = ? AND id = ?", [.text(tenant), .text(id)],
                 Self.quickReply).first
    }

    func quickReplyCount(tenant: String) throws -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM quick_replies WHERE tenant = ?", [.text(tenant)]))
    }

    func insertQuickReply(tenant: String, _ reply: QuickReply) throws {
        try run("INSERT INTO quick_replies(tenant, \(QuickReply.columns)) VALUES(?, ?, ?, ?, ?, ?)",
                [.text(tenant), .text(reply.id), .text(reply.title), .text(reply.message), .integer(reply.createdAt),
                 .integer(reply.updatedAt)])
    }

    func updateQuickReply(tenant: String, _ reply: QuickReply) throws {
        try run("UPDATE quick_replies SET title = ?, message = ?, updated_at = ? WHERE tenant = ? AND id = ?",
                [.text(reply.title), .text(reply.message), .integer(reply.updatedAt), .text(tenant), .text(reply.id)])
    }

    func deleteQuickReply(tenant: String, id: String) throws -> Bool {
        try run("DELETE FROM quick_replies WHERE tenant = ? AND id = ?", [.text(tenant), .text(id)]) == 1
    }

    func insertSubmission(tenant: String, _ submission: RegulatorySubmission, sealedDocuments: [UInt8], documentCount: Int) throws {
        try run("""
            INSERT INTO regulatory_submissions(tenant, id, country_code, document_region, documents, document_count, status, created_at)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(tenant), .text(submission.id), .text(submission.country.code), .text(submission.documentRegion),
                  .blob(sealedDocuments), .integer(Int64(documentCount)), .text(submission.status), .integer(submission.createdAt)])
    }

    func submissions(tenant: String, id: String?, limit: Int) throws -> [(RegulatorySubmission, sealed: [UInt8])] {
        let idValue = DatabaseValue.text(orNull: id)
        return try rows("""
            SELECT id, country_code, document_region, documents, status, created_at FROM regulatory_submissions
            WHERE tenant = ? AND (? IS NULL OR id = ?) ORDER BY created_at DESC, id LIMIT ?
            """, [.text(tenant), idValue, idValue, .integer(Int64(limit))]) { s in
            (RegulatorySubmission(id: s.text(0), countryCode: s.text(1), documentRegion: s.text(2), status: s.text(4),
                                  createdAt: s.int64(5)), s.blob(3))
        }
    }

    func sealedDocuments(region: String) throws -> [SealedDocuments] {
        try rows("SELECT tenant, id, documents FROM regulatory_submissions WHERE document_region = ? ORDER BY tenant, id",
                 [.text(region)]) { s in SealedDocuments(tenant: s.text(0), id: s.text(1), sealed: s.blob(2)) }
    }

    func replaceDocuments(_ row: SealedDocuments, with sealed: [UInt8]) throws -> Bool {
        try run("UPDATE regulatory_submissions SET documents = ? WHERE tenant = ? AND id = ? AND documents = ?",
                [.blob(sealed), .text(row.tenant), .text(row.id), .blob(row.sealed)]) == 1
    }

    private static func quickReply(_ s: Statement) -> QuickReply {
        QuickReply(id: s.text(0), title: s.text(1), message: s.text(2), createdAt: s.int64(3), updatedAt: s.int64(4))
    }
}
