import VaultStore

/// The opt-in message and the quick replies of a tenant.
extension SetupStore {
    /// More quick replies than this per tenant is a 409: the list is meant to be picked from on a phone.
    package static let maxQuickReplies = 200

    package func optIn(tenant: String) throws(SetupError) -> OptInTemplate {
        try read { db in
            try db.withStatement("SELECT body, updated_at FROM opt_in_templates WHERE tenant = ?") { s in
                try s.bind([.text(tenant)])
                guard try s.step() else { return OptInTemplate(body: OptInTemplate.defaultBody, isDefault: true, updatedAt: nil) }
                return OptInTemplate(body: s.text(0), isDefault: false, updatedAt: s.int64(1))
            }
        }
    }

    package func setOptIn(_ caller: SetupCaller, body: String) throws(SetupError) -> OptInTemplate {
        let now = SetupClock.milliseconds()
        try write { db in
            try db.withStatement("""
                INSERT INTO opt_in_templates(tenant, body, updated_at) VALUES(?, ?, ?)
                ON CONFLICT(tenant) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """) { s in try s.run([.text(caller.tenant), .text(body), .integer(now)]) }
            try self.record("setup.optin.update", caller, subject: caller.tenant, outcome: "updated", now: now, in: db)
        }
        return OptInTemplate(body: body, isDefault: false, updatedAt: now)
    }

    package func quickReplies(tenant: String) throws(SetupError) -> [QuickReply] {
        try read { db in
            try db.withStatement("SELECT \(QuickReply.columns) FROM quick_replies WHERE tenant = ? ORDER BY created_at, id") { s in
                try s.bind([.text(tenant)])
                var out: [QuickReply] = []
                while try s.step() { out.append(QuickReply(s)) }
                return out
            }
        }
    }

    package func quickReply(tenant: String, id: String) throws(SetupError) -> QuickReply? {
        try read { db in try Self.quickReply(db, tenant: tenant, id: id) }
    }

    package func addQuickReply(_ caller: SetupCaller, title: String, message: String) throws(SetupError) -> QuickReply {
        let now = SetupClock.milliseconds()
        let reply = QuickReply(id: RandomID.make("qr_"), title: title, message: message, createdAt: now, updatedAt: now)
        try write { db in
            let count = try db.scalarInt("SELECT count(*) FROM quick_replies WHERE tenant = ?", [.text(caller.tenant)])
            guard count < Self.maxQuickReplies else {
                throw SetupError.conflict("a tenant has at most \(Self.maxQuickReplies) quick replies; delete one first")
            }
            try db.withStatement("INSERT INTO quick_replies(tenant, \(QuickReply.columns)) VALUES(?, ?, ?, ?, ?, ?)") { s in
                try s.run([.text(caller.tenant), .text(reply.id), .text(title), .text(message), .integer(now), .integer(now)])
            }
            try self.record("setup.quickreply.create", caller, subject: reply.id, outcome: "created", now: now, in: db)
        }
        return reply
    }

    /// Changes the title and/or the message; nil leaves that part as it is.
    package func updateQuickReply(_ caller: SetupCaller, id: String, title: String?, message: String?) throws(SetupError) -> QuickReply {
        let now = SetupClock.milliseconds()
        return try write { db in
            guard var reply = try Self.quickReply(db, tenant: caller.tenant, id: id) else {
                throw SetupError.notFound("no such quick reply")
            }
            reply.title = title ?? reply.title
            reply.message = message ?? reply.message
            reply.updatedAt = now
            try db.withStatement("UPDATE quick_replies SET title = ?, message = ?, updated_at = ? WHERE tenant = ? AND id = ?") { s in
                try s.run([.text(reply.title), .text(reply.message), .integer(now), .text(caller.tenant), .text(id)])
            }
            try self.record("setup.quickreply.update", caller, subject: id, outcome: "updated", now: now, in: db)
            return reply
        }
    }

    package func deleteQuickReply(_ caller: SetupCaller, id: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { db in
            try db.withStatement("DELETE FROM quick_replies WHERE tenant = ? AND id = ?") { s in
                try s.run([.text(caller.tenant), .text(id)])
            }
            guard db.changes == 1 else { throw SetupError.notFound("no such quick reply") }
            try self.record("setup.quickreply.delete", caller, subject: id, outcome: "deleted", now: now, in: db)
        }
    }

    static func quickReply(_ db: Database, tenant: String, id: String) throws -> QuickReply? {
        try db.withStatement("SELECT \(QuickReply.columns) FROM quick_replies WHERE tenant = ? AND id = ?") { s in
            try s.bind([.text(tenant), .text(id)])
            return try s.step() ? QuickReply(s) : nil
        }
    }
}
