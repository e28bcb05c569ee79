/// Where a store's WhatsApp onboarding stands: each change one commit with its audit record.
extension SetupStore {
    /// Records the WhatsApp onboarding as sent (`sid` from the provider), or, with `sid` nil, as pending
    /// before it is sent.
    func recordWhatsApp(_ caller: SetupCaller, storeID: String, wabaID: String, profileName: String,
                        sid: String?) throws(SetupError) {
        try writeWhatsApp(caller, storeID: storeID, status: .pending, wabaID: wabaID, profileName: profileName, sid: sid,
                          operation: "setup.whatsapp.submit", outcome: sid == nil ? "pending" : "sent")
    }

    /// Makes a sender the provider already has the store's, with the business account and profile name it
    /// was registered with (the request's where the provider does not say).
    func adoptWhatsApp(_ caller: SetupCaller, storeID: String, sender: WhatsAppSubmission, wabaID: String,
                       profileName: String) throws(SetupError) {
        try writeWhatsApp(caller, storeID: storeID, status: .pending, wabaID: sender.wabaID ?? wabaID,
                          profileName: sender.profileName ?? profileName, sid: sender.sid, operation: "setup.whatsapp.adopt",
                          outcome: "registered already")
    }

    /// Puts the WhatsApp state back as it was before a submission the provider did not take.
    func revertWhatsApp(_ caller: SetupCaller, to previous: StoreRecord) throws(SetupError) {
        try writeWhatsApp(caller, storeID: previous.storeID, status: previous.whatsAppStatus, wabaID: previous.wabaID,
                          profileName: previous.profileName, sid: previous.whatsAppSID, operation: "setup.whatsapp.revert",
                          outcome: "provider failed")
    }

    private func writeWhatsApp(_ caller: SetupCaller, storeID: String, status: StoreRecord.WhatsAppStatus, wabaID: String?,
                               profileName: String?, sid: String?, operation: String, outcome: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            try tables.setWhatsApp(tenant: caller.tenant, storeID: storeID, status: status, wabaID: wabaID,
                                   profileName: profileName, sid: sid, now: now)
            try self.record(operation, caller, subject: storeID, outcome: outcome, now: now, in: tables)
        }
    }
}
