#if PostgreSQL
import Clienteling
import PostgresStore

/// Opt-in messages, quick replies and regulatory submissions on PostgreSQL.
extension PostgresSetupTables {
    func optIn(tenant: String) throws -> OptInTemplate? {
        try rows("SELECT body, updated_at FROM opt_in_templates WHERE tenant = $1", [.text(tenant)]) { r, i in
            OptInTemplate(body: r.text(i, 0), isDefault: false, updatedAt: r.int64(i, 1))
        }.first
    }

    func putOptIn(tenant: String, body: String, now: Int64) throws {
        try run("""
            INSERT INTO opt_in_templates(tenant, body, updated_at) VALUES($1, $2, $3)
            ON CONFLICT(tenant) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """, [.text(tenant), .text(body), .integer(now)])
    }

    func quickReplies(tenant: String) throws -> [QuickReply] {
        try rows("SELECT \(QuickReply.columns) FROM quick_replies WHERE tenant = $1 ORDER BY created_at, id COLLATE \"C\"",
                 [.text(tenant)], Self.quickReply)
    }

    func quickReply(tenant: String, id: String) throws -> QuickReply? {
        try rows("SELECT \(QuickReply.columns) FROM quick_replies WHERE tenant = $1 AND id = $2", [.text(tenant), .text(id)],
                 Self.quickReply).first
    }

    func quickReplyCount(tenant: String) throws -> Int {
        try connection.execute("SELECT pg_advisory_xact_lock(hashtextextended('clienteling quick replies ' || $1, 0))", [.text(tenant)])
        return Int(try connection.execute("SELECT count(*) FROM quick_replies WHERE tenant = $1", [.text(tenant)]).int64(0, 0))
    }

    func insertQuickReply(tenant: String, _ reply: QuickReply) throws {
        try run("INSERT INTO quick_replies(tenant, \(QuickReply.columns)) VALUES($1, $2, $3, $4, $5, $6)",
                [.text(tenant), .text(reply.id), .text(reply.title), .text(reply.message), .integer(reply.createdAt),
                 .integer(reply.updatedAt)])
    }

    func updateQuickReply(tenant: String, _ reply: QuickReply) throws {
        try run("UPDATE quick_replies SET title = $1, message = $2, updated_at = $3 WHERE tenant = $4 AND id = $5",
                [.text(reply.title), .text(reply.message), .integer(reply.updatedAt), .text(tenant), .text(reply.id)])
    }

    func deleteQuickReply(tenant: String, id: String) throws -> Bool {
        try run("DELETE FROM quick_replies WHERE tenant = $1 AND id = $2", [.text(tenant), .text(id)]) == 1
    }

    func insertSubmission(tenant: String, _ submission: RegulatorySubmission, sealedDocuments: [UInt8], documentCount: Int) throws {
        try run("""
            INSERT INTO regulatory_submissions(tenant, id, country_code, document_region, documents, document_count, status, created_at)
            VALUES($1, $2, $3, $4, $5, $6, $7, $8)
            """, [.text(tenant), .text(submission.id), .text(submission.country.code), .text(submission.documentRegion),
                  .bytes(sealedDocuments), .integer(Int64(documentCount)), .text(submission.status), .integer(submission.createdAt)])
    }

    func submissions(tenant: String, id: String?, limit: Int) throws -> [(RegulatorySubmission, sealed: [UInt8])] {
        try rows("""
            SELECT id, country_code, document_region, documents, status, created_at FROM regulatory_submissions
            WHERE tenant = $1 AND ($2::text IS NULL OR id = $2) ORDER BY created_at DESC, id COLLATE "C" LIMIT $3
            """, [.text(tenant), Self.text(id), .integer(Int64(limit))]) { r, i in
            (RegulatorySubmission(id: r.text(i, 0), countryCode: r.text(i, 1), documentRegion: r.text(i, 2), status: r.text(i, 4),
                                  createdAt: r.int64(i, 5)), r.bytes(i, 3))
        }
    }

    func sealedDocuments(region: String) throws -> [SealedDocuments] {
        try rows("SELECT tenant, id, documents FROM regulatory_submissions WHERE document_region = $1 ORDER BY tenant, id",
                 [.text(region)]) { r, i in SealedDocuments(tenant: r.text(i, 0), id: r.text(i, 1), sealed: r.bytes(i, 2)) }
    }

    func replaceDocuments(_ row: SealedDocuments, with sealed: [UInt8]) throws -> Bool {
        try run("UPDATE regulatory_submissions SET documents = $1 WHERE tenant = $2 AND id = $3 AND documents = $4",
                [.bytes(sealed), .text(row.tenant), .text(row.id), .bytes(row.sealed)]) == 1
    }

    private static func quickReply(_ rows: PostgresRows, _ row: Int) -> QuickReply {
        QuickReply(id: rows.text(row, 0), title: rows.text(row, 1), message: rows.text(row, 2), createdAt: rows.int64(row, 3),
                   updatedAt: rows.int64(row, 4))
    }
}
#endif
