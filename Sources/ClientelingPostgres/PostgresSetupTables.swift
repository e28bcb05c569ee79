#if PostgreSQL
import Clienteling
import ISO3166
import PostgresStore

/// The set-up rows on PostgreSQL (see `PostgresSetupStorage` for the tables). PostgreSQL's errors pass
/// through as they are: the group-commit writer tells a lost race (a unique key another node took first)
/// from a failure by them.
struct PostgresSetupTables: SetupTables {
    let connection: PostgresConnection
    let audit: any SetupAuditTrail<PostgresConnection>

    /// Runs a change; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [PostgresValue]) throws -> Int {
        try connection.execute(sql, values).affected
    }

    func rows<T>(_ sql: String, _ values: [PostgresValue], _ row: (PostgresRows, Int) -> T) throws -> [T] {
        let rows = try connection.execute(sql, values)
        return (0..<rows.count).map { row(rows, $0) }
    }

    func insertRetailer(tenant: String, ecomLink: String, now: Int64) throws -> Bool {
        try run("INSERT INTO retailers(tenant, ecom_link, created_at, updated_at) VALUES($1, $2, $3, $3) ON CONFLICT DO NOTHING",
                [.text(tenant), .text(ecomLink), .integer(now)]) == 1
    }

    func updateRetailer(tenant: String, ecomLink: String, now: Int64) throws -> Bool {
        try run("UPDATE retailers SET ecom_link = $1, updated_at = $2 WHERE tenant = $3", [.text(ecomLink), .integer(now), .text(tenant)]) == 1
    }

    func retailer(tenant: String) throws -> SetupStore.Retailer? {
        try rows("SELECT ecom_link, created_at, updated_at FROM retailers WHERE tenant = $1", [.text(tenant)]) { r, i in
            SetupStore.Retailer(ecomLink: r.text(i, 0), createdAt: r.int64(i, 1), updatedAt: r.int64(i, 2))
        }.first
    }

    func store(tenant: String, id: String) throws -> StoreRecord? {
        try rows("SELECT \(StoreRecord.columns) FROM stores s WHERE s.tenant = $1 AND s.store_id = $2", [.text(tenant), .text(id)],
                 Self.storeRecord).first
    }

    func stores(tenant: String, after: String, limit: Int) throws -> [StoreRecord] {
        // COLLATE "C": ids in byte order, as SQLite sorts them, whatever the database's collation.
        try rows("""
            SELECT \(StoreRecord.columns) FROM stores s WHERE s.tenant = $1 AND s.store_id COLLATE "C" > $2
            ORDER BY s.store_id COLLATE "C" LIMIT $3
            """, [.text(tenant), .text(after), .integer(Int64(limit))], Self.storeRecord)
    }

    /// `xmax = 0`: the row version is a fresh insert, not an update (another node's insert waited for, then updated).
    func putStore(tenant: String, id: String, name: String, country: CountryCode, landline: String, now: Int64) throws -> Bool {
        try connection.execute("""
            INSERT INTO stores(tenant, store_id, name, country_code, landline, created_at, updated_at) VALUES($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT(tenant, store_id) DO UPDATE SET name = excluded.name, country_code = excluded.country_code,
                landline = excluded.landline, updated_at = excluded.updated_at
            RETURNING (xmax = 0)::int::bigint
            """, [.text(tenant), .text(id), .text(name), .text(country.code), .text(landline), .integer(now)]).int64(0, 0) == 1
    }

    func setNumber(tenant: String, storeID: String, purchase: PurchasedNumber, bundleSID: String?, addressSID: String?,
                   enable: Bool, now: Int64) throws {
        try run("""
            UPDATE stores SET phone_number = $1, number_sid = $2, bundle_sid = $3, address_sid = $4, enabled = $5, updated_at = $6
            WHERE tenant = $7 AND store_id = $8
            """, [.text(purchase.phoneNumber), .text(purchase.sid), Self.text(bundleSID), Self.text(addressSID),
                  .integer(enable ? 1 : 0), .integer(now), .text(tenant), .text(storeID)])
    }

    func setEnabled(tenant: String, storeID: String, enable: Bool, now: Int64) throws {
        try run("UPDATE stores SET enabled = $1, updated_at = $2 WHERE tenant = $3 AND store_id = $4",
                [.integer(enable ? 1 : 0), .integer(now), .text(tenant), .text(storeID)])
    }

    func setWhatsApp(tenant: String, storeID: String, status: StoreRecord.WhatsAppStatus, wabaID: String?,
                     profileName: String?, sid: String?, now: Int64) throws {
        try run("""
            UPDATE stores SET whatsapp_status = $1, waba_id = $2, profile_name = $3, whatsapp_sid = $4, updated_at = $5
            WHERE tenant = $6 AND store_id = $7
            """, [.text(status.rawValue), Self.text(wabaID), Self.text(profileName), Self.text(sid), .integer(now),
                  .text(tenant), .text(storeID)])
    }

    func claims(tenant: String?, storeID: String?) throws -> [SetupStore.PendingPurchase] {
        try rows("""
            SELECT tenant, store_id, phone_number, bundle_sid, address_sid, enable FROM number_claims
            WHERE ($1::text IS NULL OR (tenant = $2 AND store_id = $1)) ORDER BY claimed_at
            """, [Self.text(storeID), Self.text(tenant)]) { r, i in
            SetupStore.PendingPurchase(tenant: r.text(i, 0), storeID: r.text(i, 1), number: r.text(i, 2),
                                       bundleSID: Self.optionalText(r, i, 3), addressSID: Self.optionalText(r, i, 4),
                                       enable: r.int64(i, 5) != 0)
        }
    }

    func claimant(of number: String) throws -> (tenant: String, storeID: String)? {
        try rows("SELECT tenant, store_id FROM number_claims WHERE phone_number = $1", [.text(number)]) { r, i in
            (r.text(i, 0), r.text(i, 1))
        }.first
    }

    func isUsed(number: String) throws -> Bool {
        try connection.execute("SELECT count(*) FROM stores WHERE phone_number = $1", [.text(number)]).int64(0, 0) > 0
    }

    func insertClaim(_ claim: SetupStore.PendingPurchase, now: Int64) throws {
        try run("""
            INSERT INTO number_claims(phone_number, tenant, store_id, bundle_sid, address_sid, enable, claimed_at)
            VALUES($1, $2, $3, $4, $5, $6, $7)
            """, [.text(claim.number), .text(claim.tenant), .text(claim.storeID), Self.text(claim.bundleSID),
                  Self.text(claim.addressSID), .integer(claim.enable ? 1 : 0), .integer(now)])
    }

    func deleteClaim(number: String, tenant: String, storeID: String) throws {
        try run("DELETE FROM number_claims WHERE phone_number = $1 AND tenant = $2 AND store_id = $3",
                [.text(number), .text(tenant), .text(storeID)])
    }

    func record(_ event: SetupEvent) throws {
        try audit.append(event, in: connection)
    }

    static func text(_ value: String?) -> PostgresValue { value.map(PostgresValue.text) ?? .null }

    static func optionalText(_ rows: PostgresRows, _ row: Int, _ column: Int) -> String? {
        rows.isNull(row, column) ? nil : rows.text(row, column)
    }

    private static func storeRecord(_ rows: PostgresRows, _ row: Int) -> StoreRecord {
        StoreRecord(text: { rows.text(row, $0) }, optionalText: { optionalText(rows, row, $0) }, int64: { rows.int64(row, $0) })
    }
}
#endif
