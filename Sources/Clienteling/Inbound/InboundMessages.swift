/// Shoppers' answers arriving at stores' numbers (Twilio's inbound message webhook), turned into consent per
/// (tenant, store, profile). The sender's number is looked up in the tenant's profiles and never kept here:
/// the set-up store holds the profile id only.
package struct InboundMessages: Sendable {
    /// The key id the webhook's audit records carry: no API key calls it.
    package static let keyID = "twilio-webhook"

    let store: SetupStore
    let provider: any TelephonyProvider
    let directory: any ShopperDirectory

    package init(store: SetupStore, provider: any TelephonyProvider, directory: any ShopperDirectory) {
        self.store = store
        self.provider = provider
        self.directory = directory
    }

    /// One message as the provider posts it (WhatsApp's `whatsapp:` prefix already taken off the numbers).
    struct Message: Sendable {
        let sid: String
        let from: String
        let to: String
        let body: String
    }

    /// Acts on a message whose signature was checked. Anything but a keyword to a store's number changes
    /// nothing; a message acted on already is answered as it was.
    func receive(_ message: Message, requestID: String) throws(SetupError) -> InboundOutcome {
        guard let keyword = OptInKeyword(body: message.body), let owner = try store.storeOwning(number: message.to) else {
            return .ignored
        }
        if let outcome = try store.inboundOutcome(sid: message.sid) { return outcome }
        let caller = SetupCaller(tenant: owner.tenant, keyID: Self.keyID, requestID: requestID)
        let profileID = try directory.profileID(caller, phoneNumber: message.from)
        return try store.recordInbound(caller, sid: message.sid, storeID: owner.storeID, profileID: profileID, keyword: keyword)
    }

    /// Records a refused call (`to`: the number it names, if any, to find the tenant it concerns).
    func refuse(requestID: String, to: String?, reason: String) throws(SetupError) {
        let owner = try to.flatMap { number throws(SetupError) in try store.storeOwning(number: number) }
        let caller = SetupCaller(tenant: owner?.tenant ?? "", keyID: Self.keyID, requestID: requestID)
        try store.recordRefusedInbound(caller, storeID: owner?.storeID, reason: reason)
    }
}
