import ISO3166

/// The set-up data's rows as the set-up domain sees them, whatever engine holds them (SQLite's
/// `clienteling.sqlite`, or the control database's `clienteling` schema on PostgreSQL). `SetupStore` keeps
/// the rules (who may claim a number, how many quick replies); an implementation only reads and writes rows.
/// Inside `SetupStorage.write` every call runs in the writer's transaction, `record` included, so a change
/// and its audit record commit together.
package protocol SetupTables {
    /// Inserts the retailer; false when the tenant has one already.
    func insertRetailer(tenant: String, ecomLink: String, now: Int64) throws -> Bool
    /// False when the tenant has no retailer.
    func updateRetailer(tenant: String, ecomLink: String, now: Int64) throws -> Bool
    func retailer(tenant: String) throws -> SetupStore.Retailer?

    func store(tenant: String, id: String) throws -> StoreRecord?
    /// The tenant's stores by id after `after` ("" for the first page), at most `limit`.
    func stores(tenant: String, after: String, limit: Int) throws -> [StoreRecord]
    /// Inserts the store or changes its name, country and landline; true when it inserted it (decided by the
    /// write itself, so two nodes creating one store at once make one creation and one update).
    func putStore(tenant: String, id: String, name: String, country: CountryCode, landline: String, now: Int64) throws -> Bool
    func setNumber(tenant: String, storeID: String, purchase: PurchasedNumber, bundleSID: String?, addressSID: String?,
                   enable: Bool, now: Int64) throws
    func setEnabled(tenant: String, storeID: String, enable: Bool, now: Int64) throws
    func setWhatsApp(tenant: String, storeID: String, status: StoreRecord.WhatsAppStatus, wabaID: String?,
                     profileName: String?, sid: String?, now: Int64) throws

    /// Claims of one store (`tenant` and `storeID` given) or of every store (both nil), oldest first.
    func claims(tenant: String?, storeID: String?) throws -> [SetupStore.PendingPurchase]
    /// The store that claimed `number`, if one did.
    func claimant(of number: String) throws -> (tenant: String, storeID: String)?
    /// Whether some store owns `number` already.
    func isUsed(number: String) throws -> Bool
    /// Inserts the claim; two stores claiming one number, or one store two numbers, break a unique key.
    func insertClaim(_ claim: SetupStore.PendingPurchase, now: Int64) throws
    func deleteClaim(number: String, tenant: String, storeID: String) throws

    /// The tenant's own opt-in message, nil while it uses the default.
    func optIn(tenant: String) throws -> OptInTemplate?
    func putOptIn(tenant: String, body: String, now: Int64) throws
    func quickReplies(tenant: String) throws -> [QuickReply]
    func quickReply(tenant: String, id: String) throws -> QuickReply?
    /// In a write, counted under a lock of the tenant's quick replies held to the commit, so writers on
    /// several nodes cannot each add the last one allowed.
    func quickReplyCount(tenant: String) throws -> Int
    func insertQuickReply(tenant: String, _ reply: QuickReply) throws
    func updateQuickReply(tenant: String, _ reply: QuickReply) throws
    /// False when there was no such reply.
    func deleteQuickReply(tenant: String, id: String) throws -> Bool

    func insertSubmission(tenant: String, _ submission: RegulatorySubmission, sealedDocuments: [UInt8], documentCount: Int) throws
    /// The tenant's submissions (or the one with `id`), newest first, at most `limit`, their documents sealed.
    func submissions(tenant: String, id: String?, limit: Int) throws -> [(RegulatorySubmission, sealed: [UInt8])]
    /// Every submission whose documents live in `region` (and so are sealed under its keyring), for key
    /// rotation: few rows, read whole.
    func sealedDocuments(region: String) throws -> [SealedDocuments]
    /// Writes `sealed` over the documents of `row` only if they are still `row.sealed` (compare-and-set).
    func replaceDocuments(_ row: SealedDocuments, with sealed: [UInt8]) throws -> Bool

    /// The tenant and store whose clienteling number `number` is (a bought one), if any.
    func storeOwning(number: String) throws -> (tenant: String, storeID: String)?
    /// What was recorded for an inbound message with this provider id, nil when it is new.
    func inboundOutcome(sid: String) throws -> String?
    /// Records an inbound message as acted on; false when its id was recorded already (a replay, or another
    /// node's delivery of the same message), decided by the primary key.
    func insertInbound(sid: String, tenant: String, storeID: String, outcome: String, now: Int64) throws -> Bool
    /// Sets the profile's consent to the store's messages.
    func setOptInState(tenant: String, storeID: String, profileID: String, state: OptInState, now: Int64) throws
    /// Every store's consent of one profile (`profileID` given), or of the first `limit` profiles after `after`
    /// ("" for the first page), by profile id then store id.
    func optIns(tenant: String, profileID: String?, after: String, limit: Int) throws -> [OptInRecord]

    /// Appends `event` to the set-up audit chain, in the transaction of the change it records.
    func record(_ event: SetupEvent) throws
}
