import ISO3166

/// Retailers, stores and the numbers they buy.
extension SetupStore {
    /// A retailer's clienteling configuration: its e-commerce link, sent with product recommendations.
    package struct Retailer: Sendable, Equatable {
        package let ecomLink: String
        package let createdAt: Int64
        package let updatedAt: Int64

        package init(ecomLink: String, createdAt: Int64, updatedAt: Int64) {
            self.ecomLink = ecomLink
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    package func configureRetailer(_ caller: SetupCaller, ecomLink: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            guard try tables.insertRetailer(tenant: caller.tenant, ecomLink: ecomLink, now: now) else {
                throw SetupError.conflict("clienteling is already configured for this tenant")
            }
            try self.record("setup.retailer.configure", caller, subject: caller.tenant, outcome: "configured", now: now, in: tables)
        }
    }

    /// Changes the e-commerce link of a configured retailer (a mistyped link must not need a support ticket).
    package func updateRetailer(_ caller: SetupCaller, ecomLink: String) throws(SetupError) -> Retailer {
        let now = SetupClock.milliseconds()
        try write { tables in
            guard try tables.updateRetailer(tenant: caller.tenant, ecomLink: ecomLink, now: now) else {
                throw SetupError.notFound(Self.notConfigured)
            }
            try self.record("setup.retailer.update", caller, subject: caller.tenant, outcome: "updated", now: now, in: tables)
        }
        guard let retailer = try retailer(tenant: caller.tenant) else { throw .notFound(Self.notConfigured) }
        return retailer
    }

    package func retailer(tenant: String) throws(SetupError) -> Retailer? {
        try read { try $0.retailer(tenant: tenant) }
    }

    static let notConfigured = "clienteling is not configured for this tenant: POST /setup/retailers first"

    package func store(tenant: String, id: String) throws(SetupError) -> StoreRecord? {
        try read { try $0.store(tenant: tenant, id: id) }
    }

    /// All of a tenant's stores by id, up to `limit`, after `after` (keyset paging).
    package func stores(tenant: String, after: String?, limit: Int) throws(SetupError) -> [StoreRecord] {
        try read { try $0.stores(tenant: tenant, after: after ?? "", limit: limit) }
    }

    /// Registers a store or updates its name, country and landline. A store with a number (or one being
    /// bought) keeps its country: the number belongs to it. Returns the record and whether it is new.
    package func putStore(_ caller: SetupCaller, id: String, name: String, country: CountryCode,
                         landline: String) throws(SetupError) -> (StoreRecord, created: Bool) {
        let now = SetupClock.milliseconds()
        return try write { tables in
            let existing = try tables.store(tenant: caller.tenant, id: id)
            if let existing, existing.country != country, existing.numberStatus != .none {
                throw SetupError.conflict("this store has a clienteling number of its country; its country cannot change")
            }
            let created = try tables.putStore(tenant: caller.tenant, id: id, name: name, country: country, landline: landline, now: now)
            try self.record(created ? "setup.store.create" : "setup.store.update", caller, subject: id,
                            outcome: created ? "created" : "updated", now: now, in: tables)
            guard let stored = try tables.store(tenant: caller.tenant, id: id) else { throw SetupError.unavailable }
            return (stored, created)
        }
    }

    package enum Claim: Sendable, Equatable {
        /// Reserved now: buy it.
        case claimed
        /// This store was already buying this number (an interrupted attempt): ask the provider first.
        case resumed
    }

    /// A purchase a store started and nobody settled: the number, and what it was bought for.
    package struct PendingPurchase: Sendable, Equatable {
        package let tenant: String
        package let storeID: String
        package let number: String
        package let bundleSID: String?
        package let addressSID: String?
        package let enable: Bool

        package init(tenant: String, storeID: String, number: String, bundleSID: String?, addressSID: String?, enable: Bool) {
            self.tenant = tenant
            self.storeID = storeID
            self.number = number
            self.bundleSID = bundleSID
            self.addressSID = addressSID
            self.enable = enable
        }
    }

    /// The store's, or with `storeID` nil every store's, pending purchases.
    func pendingPurchases(tenant: String? = nil, storeID: String? = nil) throws(SetupError) -> [PendingPurchase] {
        try read { try $0.claims(tenant: tenant, storeID: storeID) }
    }

    /// Reserves `number` for the store before it is bought, across all tenants, with what it is bought for.
    /// On a shared store two nodes may check at once: the claim's unique keys decide, and the loser's run
    /// again (see the engine's writer) finds the winner's claim.
    func claimNumber(_ caller: SetupCaller, storeID: String, number: String, bundleSID: String?,
                     addressSID: String?, enable: Bool) throws(SetupError) -> Claim {
        let now = SetupClock.milliseconds()
        return try write { tables in
            if let owner = try tables.claimant(of: number) {
                guard owner == (caller.tenant, storeID) else {
                    throw SetupError.conflict("this number is being bought for another store")
                }
                return .resumed
            }
            guard try !tables.isUsed(number: number) else { throw SetupError.conflict("this number is already used by another store") }
            guard try tables.claims(tenant: caller.tenant, storeID: storeID).isEmpty else {
                throw SetupError.conflict("this store is already buying another number")
            }
            try tables.insertClaim(PendingPurchase(tenant: caller.tenant, storeID: storeID, number: number, bundleSID: bundleSID,
                                                   addressSID: addressSID, enable: enable), now: now)
            try self.record("setup.number.claim", caller, subject: storeID, outcome: "purchasing", now: now, in: tables)
            return .claimed
        }
    }

    /// The provider refused or failed: the number is free again and the store as it was.
    func releaseClaim(_ caller: SetupCaller, storeID: String, number: String, reason: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            try tables.deleteClaim(number: number, tenant: caller.tenant, storeID: storeID)
            try self.record("setup.number.release", caller, subject: storeID, outcome: reason, now: now, in: tables)
        }
    }

    /// The provider confirmed the purchase: the number becomes the store's, in one commit with the claim's end.
    func completePurchase(_ caller: SetupCaller, storeID: String, purchase: PurchasedNumber, bundleSID: String?,
                          addressSID: String?, enable: Bool) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            try tables.deleteClaim(number: purchase.phoneNumber, tenant: caller.tenant, storeID: storeID)
            try tables.setNumber(tenant: caller.tenant, storeID: storeID, purchase: purchase, bundleSID: bundleSID,
                                 addressSID: addressSID, enable: enable, now: now)
            try self.record("setup.store.onboard", caller, subject: storeID, outcome: enable ? "active, enabled" : "active",
                            now: now, in: tables)
        }
    }

    /// Turns clienteling on or off for a store that has its number.
    func setEnabled(_ caller: SetupCaller, storeID: String, enable: Bool) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { tables in
            try tables.setEnabled(tenant: caller.tenant, storeID: storeID, enable: enable, now: now)
            try self.record("setup.store.enable", caller, subject: storeID, outcome: enable ? "enabled" : "disabled",
                            now: now, in: tables)
        }
    }
}
