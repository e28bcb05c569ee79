/// The opt-in message and the quick replies of a tenant.
extension SetupStore {
    /// More quick replies than this per tenant is a 409: the list is meant to be picked from on a phone.
    package static let maxQuickReplies = 200

    package func optIn(tenant: String) throws(SetupError) -> OptInTemplate {
        try read { try $0.optIn(tenant: tenant) } ?? OptInTemplate(body: OptInTemplate.defaultBody, isDefault: true, updatedAt: nil)
    }

    package func setOptIn(_ caller: SetupCaller, body: String) throws(SetupError) -> OptInTemplate {
        let now = SetupClock.milliseconds()
        try write { tables in
            try tables.putOptIn(tenant: caller.tenant, body: body, now: now)
            try self.record("setup.optin.update", caller, subject: caller.tenant, outcome: "updated", now: now, in: tables)
        }
        return OptInTemplate(body: body, isDefault: false, updatedAt: now)
    }

    package func quickReplies(tenant: String) throws(SetupError) -> [QuickReply] {
        try read { try $0.quickReplies(tenant: tenant) }
    }

    package func quickReply(tenant: String, id: String) throws(SetupError) -> QuickReply? {
        try read { try $0.quickReply(tenant: tenant, id: id) }
    }

    package func addQuickReply(_ caller: SetupCaller, title: String, message: String) throws(SetupError) -> QuickReply {
        let now = SetupClock.milliseconds()
        let reply = QuickReply(id: RandomID.make("qr_"), title: title, message: message, createdAt: now, updatedAt: now)
        try write { tables in
            guard try tables.quickReplyCount(tenant: caller.tenant) < Self.maxQuickReplies else {
                throw SetupError.conflict("a tenant has at most \(Self.maxQuickReplies) quick replies; delete one first")
            }
            try tables.insertQuickReply(tenant: caller.tenant, reply)
            try self.record("setup.quickreply.create", caller, subject: reply.id, outcome: "created", now: now, in: tables)
        }
        return reply
    }

    /// Changes the title and/or the message; nil leaves that part as it is.
    package func updateQuickReply(_ caller: SetupCaller, id: String, title: String?, message: String?) throws(SetupError) -> QuickReply {
        let now = SetupClock.milliseconds()
        return try write { tables in
            guard var reply = try tables.quickReply(tenant: caller.tenant, id: id) else {
                throw SetupError.notFound("no such quick reply")
            }
            reply.title = title ?? reply.title
            reply.message = message ?? reply.message
            reply.updatedAt = now
            try tables.updateQuickReply(tenant: caller.tenant, reply)
            try self.record("setup.quickreply.update", caller, subject: id, outcome: "updated", now: now, in: tables)
            return reply
        }
    }

    package func deleteQuickReply(_ caller: SetupCaller, id: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            guard try tables.deleteQuickReply(tenant: caller.tenant, id: id) else { throw SetupError.notFound("no such quick reply") }
            try self.record("setup.quickreply.delete", caller, subject: id, outcome: "deleted", now: now, in: tables)
        }
    }
}
