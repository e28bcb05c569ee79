import ISO3166
import Locking

/// Store onboarding: the guide's rules, then the purchase through the provider, without ever leaving a
/// store half-onboarded. A number is reserved (durably) before it is bought and becomes the store's only
/// once the provider confirmed the purchase; a purchase whose outcome is unknown (timeout, crash) stays
/// reserved and is settled by asking the provider whether it owns the number: at once, at the store's next
/// onboarding, or when the service next starts.
package struct Onboarding: Sendable {
    package let store: SetupStore
    package let provider: any TelephonyProvider
    /// Stores being onboarded by this process: a second request for the same store meanwhile is 409, so two
    /// purchases for one store never interleave (one's refusal would release the other's reservation).
    private let inProgress = Locked<Set<String>>([])

    package init(store: SetupStore, provider: any TelephonyProvider) {
        self.store = store
        self.provider = provider
    }

    package struct Request: Sendable {
        package var phoneNumber: String
        package var bundleSID: String?
        package var addressSID: String?
        package var enable: Bool

        package init(phoneNumber: String, bundleSID: String?, addressSID: String?, enable: Bool) {
            self.phoneNumber = phoneNumber
            self.bundleSID = bundleSID
            self.addressSID = addressSID
            self.enable = enable
        }
    }

    package func onboard(_ caller: SetupCaller, storeID: String, _ request: Request) throws(SetupError) {
        try exclusively(caller, storeID) { () throws(SetupError) in try onboardAlone(caller, storeID: storeID, request) }
    }

    /// Runs `body` as the store's only onboarding in this process (numbers and WhatsApp alike).
    func exclusively(_ caller: SetupCaller, _ storeID: String, _ body: () throws(SetupError) -> Void) throws(SetupError) {
        let key = caller.tenant + "\u{0}" + storeID
        guard inProgress.withLock({ $0.insert(key).inserted }) else {
            throw .conflict("this store is being onboarded by another request; retry when it has finished")
        }
        defer { inProgress.withLock { _ = $0.remove(key) } }
        try body()
    }

    private func onboardAlone(_ caller: SetupCaller, storeID: String, _ request: Request) throws(SetupError) {
        var record = try existingStore(caller, storeID)
        let requirements = try Self.selfService(record.country)
        if record.numberStatus == .purchasing, record.phoneNumber != request.phoneNumber {
            try settle(caller, record)
            record = try existingStore(caller, storeID)
        }
        if record.numberStatus == .active {
            guard record.phoneNumber == request.phoneNumber else {
                throw .conflict("this store already has a clienteling number; changing it needs a support ticket")
            }
            if record.enabled != request.enable { try store.setEnabled(caller, storeID: storeID, enable: request.enable) }
            return
        }
        var bundleSID: String?, addressSID: String?
        if requirements.needsBundle {
            (bundleSID, addressSID) = try checkCompliance(record.country, request)
        }
        switch try store.claimNumber(caller, storeID: storeID, number: request.phoneNumber, bundleSID: bundleSID,
                                     addressSID: addressSID, enable: request.enable) {
        case .resumed:
            if let owned = try ownership(request.phoneNumber) {
                return try store.completePurchase(caller, storeID: storeID, purchase: owned, bundleSID: bundleSID,
                                                  addressSID: addressSID, enable: request.enable)
            }
        case .claimed:
            break
        }
        let offered: Bool
        do {
            offered = try provider.offers(number: request.phoneNumber, country: record.country)
        } catch {
            try store.releaseClaim(caller, storeID: storeID, number: request.phoneNumber, reason: "provider failed")
            throw .provider(error)
        }
        guard offered else {
            try store.releaseClaim(caller, storeID: storeID, number: request.phoneNumber, reason: "not offered")
            throw .invalid("phone_number is not one the provider offers for \(record.country.code); "
                           + "pick one from available_phone_numbers")
        }
        let purchase: PurchasedNumber
        do {
            purchase = try provider.buy(number: request.phoneNumber, country: record.country, bundleSID: bundleSID,
                                        addressSID: addressSID)
        } catch let failure {
            if failure.meansNotDone {
                try store.releaseClaim(caller, storeID: storeID, number: request.phoneNumber, reason: "provider refused")
                throw .provider(failure)
            }
            // The purchase may have happened: the reservation stays unless the provider says it did not.
            guard let owned = try ownership(request.phoneNumber) else {
                try store.releaseClaim(caller, storeID: storeID, number: request.phoneNumber, reason: "provider failed")
                throw .provider(failure)
            }
            purchase = owned
        }
        try store.completePurchase(caller, storeID: storeID, purchase: purchase, bundleSID: bundleSID,
                                   addressSID: addressSID, enable: request.enable)
    }

    package func existingStore(_ caller: SetupCaller, _ storeID: String) throws(SetupError) -> StoreRecord {
        guard let record = try store.store(tenant: caller.tenant, id: storeID) else {
            throw .notFound("no such store; register it with PUT /setup/stores/{store_id}")
        }
        return record
    }

    /// The country's row of the guide, if its numbers may be bought here without NewStore's help.
    static func selfService(_ country: CountryCode) throws(SetupError) -> RegulatoryRequirements {
        guard let requirements = RegulatoryRequirements.forCountry(country) else {
            throw .forbidden("clienteling numbers are not offered in \(country.code)")
        }
        guard requirements.selfService else {
            throw .forbidden("numbers in \(requirements.countryName) need assisted purchase: open a support ticket "
                             + "naming the store and the country")
        }
        return requirements
    }

    private func checkCompliance(_ country: CountryCode, _ request: Request) throws(SetupError) -> (String, String) {
        guard let bundleSID = request.bundleSID else {
            throw .invalid("bundle_sid is required for stores outside US and CA")
        }
        guard let addressSID = request.addressSID else {
            throw .invalid("address_sid is required for stores outside US and CA")
        }
        let bundles = try ProviderError.asking { () throws(ProviderError) in try provider.regulatoryBundles(country: country) }
        guard bundles.contains(where: { $0.sid == bundleSID }) else {
            throw .invalid("bundle_sid must name an approved regulatory bundle of \(country.code)")
        }
        let addresses = try ProviderError.asking { () throws(ProviderError) in try provider.addresses(country: country) }
        guard addresses.contains(where: { $0.sid == addressSID }) else {
            throw .invalid("address_sid must name an address in \(country.code)")
        }
        return (bundleSID, addressSID)
    }

    /// What the provider says of a number this store was buying: owned (finish) or not (buy it again).
    private func ownership(_ number: String) throws(SetupError) -> PurchasedNumber? {
        try ProviderError.asking { () throws(ProviderError) in try provider.ownedNumber(number) }
    }

    /// Ends an interrupted purchase of another number: the store gets it if the provider bought it, else
    /// the reservation goes.
    private func settle(_ caller: SetupCaller, _ record: StoreRecord) throws(SetupError) {
        guard let pending = try store.pendingPurchases(tenant: caller.tenant, storeID: record.storeID).first else { return }
        try settle(caller, pending)
    }

    /// Completes (with the bundle, address and `enable` it was for) or releases a pending purchase, by what
    /// the provider says it owns.
    private func settle(_ caller: SetupCaller, _ pending: SetupStore.PendingPurchase) throws(SetupError) {
        if let owned = try ownership(pending.number) {
            try store.completePurchase(caller, storeID: pending.storeID, purchase: owned, bundleSID: pending.bundleSID,
                                       addressSID: pending.addressSID, enable: pending.enable)
        } else {
            try store.releaseClaim(caller, storeID: pending.storeID, number: pending.number, reason: "not bought")
        }
    }

    /// Settles every purchase a previous process left pending (it stopped between buying and recording), so
    /// a crash does not leave a store `purchasing` until someone onboards it again. Run once at start, off
    /// the request path; a store being onboarded meanwhile is left to that request. Returns how many were
    /// settled; those the provider cannot answer for stay pending.
    @discardableResult
    package func settleInterruptedPurchases() -> Int {
        guard let pending = try? store.pendingPurchases() else { return 0 }
        var settled = 0
        for purchase in pending {
            let caller = SetupCaller(tenant: purchase.tenant, keyID: "piivault", requestID: "start-up")
            do {
                try exclusively(caller, purchase.storeID) { () throws(SetupError) in try settle(caller, purchase) }
                settled += 1
            } catch {
                continue
            }
        }
        return settled
    }
}
