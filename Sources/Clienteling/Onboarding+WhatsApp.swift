/// WhatsApp onboarding: the store's number registered as a sender of the retailer's business account, once.
/// A registration cannot share our transaction, and its answer can be lost after the provider acted (a
/// timeout, a dropped connection, a crash before recording it), so the provider is asked for the number's
/// sender before anything is sent, and again when a submission's outcome is unknown: a sender it has is
/// adopted as the store's, never registered a second time.
extension Onboarding {
    package func onboardWhatsApp(_ caller: SetupCaller, storeID: String, wabaID: String, profileName: String) throws(SetupError) {
        try exclusively(caller, storeID) { () throws(SetupError) in
            try submitWhatsApp(caller, storeID: storeID, wabaID: wabaID, profileName: profileName)
        }
    }

    private func submitWhatsApp(_ caller: SetupCaller, storeID: String, wabaID: String, profileName: String) throws(SetupError) {
        let record = try existingStore(caller, storeID)
        guard record.numberStatus == .active, let number = record.phoneNumber else {
            throw .invalid("the store needs its clienteling number (POST /setup/stores/{store_id}) before WhatsApp")
        }
        // Not knowing whether a sender exists, nothing is sent: that is how a second one would be made.
        if let registered = try ProviderError.asking({ () throws(ProviderError) in try provider.whatsAppSender(number: number) }) {
            return try store.adoptWhatsApp(caller, storeID: storeID, sender: registered, wabaID: wabaID, profileName: profileName)
        }
        try store.recordWhatsApp(caller, storeID: storeID, wabaID: wabaID, profileName: profileName, sid: nil)
        let submission: WhatsAppSubmission
        do {
            submission = try provider.submitWhatsApp(number: number, wabaID: wabaID, profileName: profileName)
        } catch let failure {
            // The provider may have registered it before the answer was lost: if it says so, the sender is the
            // store's. If it cannot say, the store goes back as it was; the next submission asks first.
            if !failure.meansNotDone, let registered = try? provider.whatsAppSender(number: number) {
                return try store.adoptWhatsApp(caller, storeID: storeID, sender: registered, wabaID: wabaID,
                                               profileName: profileName)
            }
            try store.revertWhatsApp(caller, to: record)
            throw .provider(failure)
        }
        try store.recordWhatsApp(caller, storeID: storeID, wabaID: wabaID, profileName: profileName, sid: submission.sid)
    }
}
