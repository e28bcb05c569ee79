import ISO3166
import VaultStore

/// Retailers, stores and the numbers they buy.
extension SetupStore {
    /// A retailer's clienteling configuration: its e-commerce link, sent with product recommendations.
    package struct Retailer: Sendable, Equatable {
        package let ecomLink: String
        package let createdAt: Int64
        package let updatedAt: Int64
    }

    package func configureRetailer(_ caller: SetupCaller, ecomLink: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { db in
            try db.withStatement("""
                INSERT INTO retailers(tenant, ecom_link, created_at, updated_at) VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING
                """) { s in
                try s.run([.text(caller.tenant), .text(ecomLink), .integer(now), .integer(now)])
            }
            guard db.changes == 1 else { throw SetupError.conflict("clienteling is already configured for this tenant") }
            try self.record("setup.retailer.configure", caller, subject: caller.tenant, outcome: "configured", now: now, in: db)
        }
    }

    /// Changes the e-commerce link of a configured retailer (a mistyped link must not need a support ticket).
    package func updateRetailer(_ caller: SetupCaller, ecomLink: String) throws(SetupError) -> Retailer {
        let now = SetupClock.milliseconds()
        try write { db in
            try db.withStatement("UPDATE retailers SET ecom_link = ?, updated_at = ? WHERE tenant = ?") { s in
                try s.run([.text(ecomLink), .integer(now), .text(caller.tenant)])
            }
            guard db.changes == 1 else { throw SetupError.notFound(Self.notConfigured) }
            try self.record("setup.retailer.update", caller, subject: caller.tenant, outcome: "updated", now: now, in: db)
        }
        guard let retailer = try retailer(tenant: caller.tenant) else { throw .notFound(Self.notConfigured) }
        return retailer
    }

    package func retailer(tenant: String) throws(SetupError) -> Retailer? {
        try read { db in
            try db.withStatement("SELECT ecom_link, created_at, updated_at FROM retailers WHERE tenant = ?") { s in
                try s.bind([.text(tenant)])
                return try s.step() ? Retailer(ecomLink: s.text(0), createdAt: s.int64(1), updatedAt: s.int64(2)) : nil
            }
        }
    }

    static let notConfigured = "clienteling is not configured for this tenant: POST /setup/retailers first"

    package func store(tenant: String, id: String) throws(SetupError) -> StoreRecord? {
        try read { db in try Self.store(db, tenant: tenant, id: id) }
    }

    /// All of a tenant's stores by id, up to `limit`, after `after` (keyset paging).
    package func stores(tenant: String, after: String?, limit: Int) throws(SetupError) -> [StoreRecord] {
        try read { db in
            try db.withStatement("""
                SELECT \(StoreRecord.columns) FROM stores s WHERE s.tenant = ? AND s.store_id > ? ORDER BY s.store_id LIMIT ?
                """) { s in
                try s.bind([.text(tenant), .text(after ?? ""), .integer(Int64(limit))])
                var out: [StoreRecord] = []
                while try s.step() { out.append(StoreRecord(s)) }
                return out
            }
        }
    }

    /// Registers a store or updates its name, country and landline. A store with a number (or one being
    /// bought) keeps its country: the number belongs to it. Returns the record and whether it is new.
    package func putStore(_ caller: SetupCaller, id: String, name: String, country: CountryCode,
                         landline: String) throws(SetupError) -> (StoreRecord, created: Bool) {
        let now = SetupClock.milliseconds()
        return try write { db in
            let existing = try Self.store(db, tenant: caller.tenant, id: id)
            if let existing, existing.country != country, existing.numberStatus != .none {
                throw SetupError.conflict("this store has a clienteling number of its country; its country cannot change")
            }
            try db.withStatement("""
                INSERT INTO stores(tenant, store_id, name, country_code, landline, created_at, updated_at)
                VALUES(?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(tenant, store_id) DO UPDATE SET name = excluded.name, country_code = excluded.country_code,
                    landline = excluded.landline, updated_at = excluded.updated_at
                """) { s in
                try s.run([.text(caller.tenant), .text(id), .text(name), .text(country.code), .text(landline),
                           .integer(now), .integer(now)])
            }
            try self.record(existing == nil ? "setup.store.create" : "setup.store.update", caller, subject: id,
                            outcome: existing == nil ? "created" : "updated", now: now, in: db)
            return (try Self.store(db, tenant: caller.tenant, id: id)!, existing == nil)
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
        let bundleSID: String?
        let addressSID: String?
        let enable: Bool
    }

    /// The store's, or with `storeID` nil every store's, pending purchases.
    func pendingPurchases(tenant: String? = nil, storeID: String? = nil) throws(SetupError) -> [PendingPurchase] {
        try read { db in
            try db.withStatement("""
                SELECT tenant, store_id, phone_number, bundle_sid, address_sid, enable FROM number_claims
                WHERE (? IS NULL OR (tenant = ? AND store_id = ?)) ORDER BY claimed_at
                """) { s in
                let key = DatabaseValue.text(orNull: storeID)
                try s.bind([key, .text(orNull: tenant), key])
                var out: [PendingPurchase] = []
                while try s.step() {
                    out.append(PendingPurchase(tenant: s.text(0), storeID: s.text(1), number: s.text(2),
                                               bundleSID: s.isNull(3) ? nil : s.text(3), addressSID: s.isNull(4) ? nil : s.text(4),
                                               enable: s.int64(5) != 0))
                }
                return out
            }
        }
    }

    /// Reserves `number` for the store before it is bought, across all tenants, with what it is bought for.
    func claimNumber(_ caller: SetupCaller, storeID: String, number: String, bundleSID: String?,
                     addressSID: String?, enable: Bool) throws(SetupError) -> Claim {
        let now = SetupClock.milliseconds()
        return try write { db in
            let owner = try db.withStatement("SELECT tenant, store_id FROM number_claims WHERE phone_number = ?") { s in
                try s.bind([.text(number)])
                return try s.step() ? (s.text(0), s.text(1)) : nil
            }
            if let owner {
                guard owner == (caller.tenant, storeID) else {
                    throw SetupError.conflict("this number is being bought for another store")
                }
                return .resumed
            }
            let used = try db.scalarInt("SELECT count(*) FROM stores WHERE phone_number = ?", [.text(number)])
            guard used == 0 else { throw SetupError.conflict("this number is already used by another store") }
            let busy = try db.scalarInt("SELECT count(*) FROM number_claims WHERE tenant = ? AND store_id = ?",
                                        [.text(caller.tenant), .text(storeID)])
            guard busy == 0 else { throw SetupError.conflict("this store is already buying another number") }
            try db.withStatement("""
                INSERT INTO number_claims(phone_number, tenant, store_id, bundle_sid, address_sid, enable, claimed_at)
                VALUES(?, ?, ?, ?, ?, ?, ?)
                """) { s in
                try s.run([.text(number), .text(caller.tenant), .text(storeID), .text(orNull: bundleSID),
                           .text(orNull: addressSID), .integer(enable ? 1 : 0), .integer(now)])
            }
            try self.record("setup.number.claim", caller, subject: storeID, outcome: "purchasing", now: now, in: db)
            return .claimed
        }
    }

    /// The provider refused or failed: the number is free again and the store as it was.
    func releaseClaim(_ caller: SetupCaller, storeID: String, number: String, reason: String) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { db in
            try Self.deleteClaim(db, number: number, tenant: caller.tenant, storeID: storeID)
            try self.record("setup.number.release", caller, subject: storeID, outcome: reason, now: now, in: db)
        }
    }

    /// The provider confirmed the purchase: the number becomes the store's, in one commit with the claim's end.
    func completePurchase(_ caller: SetupCaller, storeID: String, purchase: PurchasedNumber, bundleSID: String?,
                          addressSID: String?, enable: Bool) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { db in
            try Self.deleteClaim(db, number: purchase.phoneNumber, tenant: caller.tenant, storeID: storeID)
            try db.withStatement("""
                UPDATE stores SET phone_number = ?, number_sid = ?, bundle_sid = ?, address_sid = ?, enabled = ?, updated_at = ?
                WHERE tenant = ? AND store_id = ?
                """) { s in
                try s.run([.text(purchase.phoneNumber), .text(purchase.sid), .text(orNull: bundleSID),
                           .text(orNull: addressSID), .integer(enable ? 1 : 0), .integer(now),
                           .text(caller.tenant), .text(storeID)])
            }
            try self.record("setup.store.onboard", caller, subject: storeID, outcome: enable ? "active, enabled" : "active",
                            now: now, in: db)
        }
    }

    /// Turns clienteling on or off for a store that has its number.
    func setEnabled(_ caller: SetupCaller, storeID: String, enable: Bool) throws(SetupError) {
        let now = SetupClock.milliseconds()
        try write { db in
            try db.withStatement("UPDATE stores SET enabled = ?, updated_at = ? WHERE tenant = ? AND store_id = ?") { s in
                try s.run([.integer(enable ? 1 : 0), .integer(now), .text(caller.tenant), .text(storeID)])
            }
            try self.record("setup.store.enable", caller, subject: storeID, outcome: enable ? "enabled" : "disabled",
                            now: now, in: db)
        }
    }

    private static func deleteClaim(_ db: Database, number: String, tenant: String, storeID: String) throws {
        try db.withStatement("DELETE FROM number_claims WHERE phone_number = ? AND tenant = ? AND store_id = ?") { s in
            try s.run([.text(number), .text(tenant), .text(storeID)])
        }
    }

    static func store(_ db: Database, tenant: String, id: String) throws -> StoreRecord? {
        try db.withStatement("SELECT \(StoreRecord.columns) FROM stores s WHERE s.tenant = ? AND s.store_id = ?") { s in
            try s.bind([.text(tenant), .text(id)])
            return try s.step() ? StoreRecord(s) : nil
        }
    }
}
