/// Inbound messages and the consent they carry: each change one commit with its ledger row and audit record.
extension SetupStore {
    /// The tenant and store whose bought number `number` is.
    func storeOwning(number: String) throws(SetupError) -> (tenant: String, storeID: String)? {
        try read { try $0.storeOwning(number: number) }
    }

    /// What a message with this provider id came to, if it was acted on already.
    func inboundOutcome(sid: String) throws(SetupError) -> InboundOutcome? {
        try read { try $0.inboundOutcome(sid: sid) }.map { InboundOutcome(rawValue: $0) ?? .ignored }
    }

    /// Records a keyword message of the store's shopper (`profileID` nil: none of the tenant's profiles has
    /// the sender's number) and, for a known shopper, the consent it gives or withdraws. A message recorded
    /// already changes nothing and comes out as it was first recorded.
    func recordInbound(_ caller: SetupCaller, sid: String, storeID: String, profileID: String?,
                       keyword: OptInKeyword) throws(SetupError) -> InboundOutcome {
        let now = SetupClock.milliseconds()
        let outcome: InboundOutcome = profileID == nil ? .unknownShopper : keyword == .optIn ? .optedIn : .optedOut
        return try write { tables in
            guard try tables.insertInbound(sid: sid, tenant: caller.tenant, storeID: storeID, outcome: outcome.rawValue, now: now) else {
                return try tables.inboundOutcome(sid: sid).flatMap(InboundOutcome.init(rawValue:)) ?? outcome
            }
            guard let profileID else { return outcome }
            try tables.setOptInState(tenant: caller.tenant, storeID: storeID, profileID: profileID, state: keyword.state, now: now)
            try self.record(keyword == .optIn ? "setup.optin.accept" : "setup.optin.reject", caller, subject: profileID,
                            outcome: "\(outcome.rawValue), store \(storeID)", now: now, in: tables)
            return outcome
        }
    }

    /// A webhook call whose signature is missing or wrong: on the record, against the tenant whose store's
    /// number it names when one does (else no tenant), and nothing else changes.
    func recordRefusedInbound(_ caller: SetupCaller, storeID: String?, reason: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            try self.record("setup.webhook.refuse", caller, subject: storeID ?? "", outcome: reason, now: now, in: tables)
        }
    }

    /// Every store's consent of one profile, by store id.
    package func optIns(tenant: String, profileID: String) throws(SetupError) -> [OptInRecord] {
        try read { try $0.optIns(tenant: tenant, profileID: profileID, after: "", limit: 1) }
    }

    /// The consent of the first `limit` profiles after `after`, by profile id then store id.
    package func optIns(tenant: String, after: String?, limit: Int) throws(SetupError) -> [OptInRecord] {
        try read { try $0.optIns(tenant: tenant, profileID: nil, after: after ?? "", limit: limit) }
    }
}

/// What became of an inbound message (recorded for the ones acted on: a keyword to a store's number).
package enum InboundOutcome: String, Sendable {
    case optedIn = "opted_in"
    case optedOut = "opted_out"
    /// A keyword, but no profile of the tenant has the sender's number: nothing to record consent against.
    case unknownShopper = "unknown_shopper"
    /// Not a keyword, or to a number no store has: accepted and left alone.
    case ignored
}
