import ISO3166
import VaultStore

/// The set-up rows in `clienteling.sqlite` (see `SQLiteSetupStorage` for the tables).
struct SQLiteSetupTables: SetupTables {
    let database: Database
    let audit: any SetupAuditTrail<Database>

    /// Runs a change; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [DatabaseValue]) throws -> Int {
        try database.withStatement(sql) { try $0.run(values) }
        return database.changes
    }

    func rows<T>(_ sql: String, _ values: [DatabaseValue], _ row: (Statement) -> T) throws -> [T] {
        try database.withStatement(sql) { s in
            try s.bind(values)
            var out: [T] = []
            while try s.step() { out.append(row(s)) }
            return out
        }
    }

    func insertRetailer(tenant: String, ecomLink: String, now: Int64) throws -> Bool {
        try run("INSERT INTO retailers(tenant, ecom_link, created_at, updated_at) VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [.text(tenant), .text(ecomLink), .integer(now), .integer(now)]) == 1
    }

    func updateRetailer(tenant: String, ecomLink: String, now: Int64) throws -> Bool {
        try run("UPDATE retailers SET ecom_link = ?, updated_at = ? WHERE tenant = ?", [.text(ecomLink), .integer(now), .text(tenant)]) == 1
    }

    func retailer(tenant: String) throws -> SetupStore.Retailer? {
        try rows("SELECT ecom_link, created_at, updated_at FROM retailers WHERE tenant = ?", [.text(tenant)]) { s in
            SetupStore.Retailer(ecomLink: s.text(0), createdAt: s.int64(1), updatedAt: s.int64(2))
        }.first
    }

    func store(tenant: String, id: String) throws -> StoreRecord? {
        try rows("SELECT \(StoreRecord.columns) FROM stores s WHERE s.tenant = ? AND s.store_id = ?", [.text(tenant), .text(id)],
                 StoreRecord.init).first
    }

    func stores(tenant: String, after: String, limit: Int) throws -> [StoreRecord] {
        try rows("SELECT \(StoreRecord.columns) FROM stores s WHERE s.tenant = ? AND s.store_id > ? ORDER BY s.store_id LIMIT ?",
                 [.text(tenant), .text(after), .integer(Int64(limit))], StoreRecord.init)
    }

    /// The insert says whether the store is new; an existing one is updated instead.
    func putStore(tenant: String, id: String, name: String, country: CountryCode, landline: String, now: Int64) throws -> Bool {
        let inserted = try run("""
            INSERT INTO stores(tenant, store_id, name, country_code, landline, created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(tenant, store_id) DO NOTHING
            """, [.text(tenant), .text(id), .text(name), .text(country.code), .text(landline), .integer(now), .integer(now)])
        guard inserted == 0 else { return true }
        try run("UPDATE stores SET name = ?, country_code = ?, landline = ?, updated_at = ? WHERE tenant = ? AND store_id = ?",
                [.text(name), .text(country.code), .text(landline), .integer(now), .text(tenant), .text(id)])
        return false
    }

    func setNumber(tenant: String, storeID: String, purchase: PurchasedNumber, bundleSID: String?, addressSID: String?,
                   enable: Bool, now: Int64) throws {
        try run("""
            UPDATE stores SET phone_number = ?, number_sid = ?, bundle_sid = ?, address_sid = ?, enabled = ?, updated_at = ?
            WHERE tenant = ? AND store_id = ?
            """, [.text(purchase.phoneNumber), .text(purchase.sid), .text(orNull: bundleSID), .text(orNull: addressSID),
                  .integer(enable ? 1 : 0), .integer(now), .text(tenant), .text(storeID)])
    }

    func setEnabled(tenant: String, storeID: String, enable: Bool, now: Int64) throws {
        try run("UPDATE stores SET enabled = ?, updated_at = ? WHERE tenant = ? AND store_id = ?",
                [.integer(enable ? 1 : 0), .integer(now), .text(tenant), .text(storeID)])
    }

    func setWhatsApp(tenant: String, storeID: String, status: StoreRecord.WhatsAppStatus, wabaID: String?,
                     profileName: String?, sid: String?, now: Int64) throws {
        try run("""
            UPDATE stores SET whatsapp_status = ?, waba_id = ?, profile_name = ?, whatsapp_sid = ?, updated_at = ?
            WHERE tenant = ? AND store_id = ?
            """, [.text(status.rawValue), .text(orNull: wabaID), .text(orNull: profileName), .text(orNull: sid), .integer(now),
                  .text(tenant), .text(storeID)])
    }

    func claims(tenant: String?, storeID: String?) throws -> [SetupStore.PendingPurchase] {
        let key = DatabaseValue.text(orNull: storeID)
        return try rows("""
            SELECT tenant, store_id, phone_number, bundle_sid, address_sid, enable FROM number_claims
            WHERE (? IS NULL OR (tenant = ? AND store_id = ?)) ORDER BY claimed_at
            """, [key, .text(orNull: tenant), key]) { s in
            SetupStore.PendingPurchase(tenant: s.text(0), storeID: s.text(1), number: s.text(2), bundleSID: s.optionalText(3),
                                       addressSID: s.optionalText(4), enable: s.int64(5) != 0)
        }
    }

    func claimant(of number: String) throws -> (tenant: String, storeID: String)? {
        try rows("SELECT tenant, store_id FROM number_claims WHERE phone_number = ?", [.text(number)]) { ($0.text(0), $0.text(1)) }.first
    }

    func isUsed(number: String) throws -> Bool {
        try database.scalarInt("SELECT count(*) FROM stores WHERE phone_number = ?", [.text(number)]) > 0
    }

    func insertClaim(_ claim: SetupStore.PendingPurchase, now: Int64) throws {
        try run("""
            INSERT INTO number_claims(phone_number, tenant, store_id, bundle_sid, address_sid, enable, claimed_at)
            VALUES(?, ?, ?, ?, ?, ?, ?)
            """, [.text(claim.number), .text(claim.tenant), .text(claim.storeID), .text(orNull: claim.bundleSID),
                  .text(orNull: claim.addressSID), .integer(claim.enable ? 1 : 0), .integer(now)])
    }

    func deleteClaim(number: String, tenant: String, storeID: String) throws {
        try run("DELETE FROM number_claims WHERE phone_number = ? AND tenant = ? AND store_id = ?",
                [.text(number), .text(tenant), .text(storeID)])
    }

    func record(_ event: SetupEvent) throws {
        try audit.append(event, in: database)
    }
}

extension Statement {
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}

extension StoreRecord {
    /// A row selected with `columns`.
    init(_ s: Statement) {
        self.init(text: { s.text(Int32($0)) }, optionalText: { s.optionalText(Int32($0)) }, int64: { s.int64(Int32($0)) })
    }
}
