import VaultStore

/// Inbound messages acted on and shoppers' consent in `clienteling.sqlite`.
extension SQLiteSetupTables {
    func storeOwning(number: String) throws -> (tenant: String, storeID: String)? {
        try rows("SELECT tenant, store_id FROM stores WHERE phone_number = ?", [.text(number)]) { ($0.text(0), $0.text(1)) }.first
    }

    func inboundOutcome(sid: String) throws -> String? {
        try rows("SELECT outcome FROM inbound_messages WHERE message_sid = ?", [.text(sid)]) { $0.text(0) }.first
    }

    func insertInbound(sid: String, tenant: String, storeID: String, outcome: String, now: Int64) throws -> Bool {
        try run("""
            INSERT INTO inbound_messages(message_sid, tenant, store_id, outcome, received_at) VALUES(?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """, [.text(sid), .text(tenant), .text(storeID), .text(outcome), .integer(now)]) == 1
    }

    func setOptInState(tenant: String, storeID: String, profileID: String, state: OptInState, now: Int64) throws {
        try run("""
            INSERT INTO opt_in_states(tenant, profile_id, store_id, state, modified_at) VALUES(?, ?, ?, ?, ?)
            ON CONFLICT(tenant, profile_id, store_id) DO UPDATE SET state = excluded.state, modified_at = excluded.modified_at
            """, [.text(tenant), .text(profileID), .text(storeID), .text(state.rawValue), .integer(now)])
    }

    func optIns(tenant: String, profileID: String?, after: String, limit: Int) throws -> [OptInRecord] {
        let read: (Statement) -> OptInRecord = { s in
            OptInRecord(profileID: s.text(0), storeID: s.text(1), state: s.text(2), modifiedAt: s.int64(3))
        }
        if let profileID {
            return try rows("SELECT \(OptInRecord.columns) FROM opt_in_states WHERE tenant = ? AND profile_id = ? ORDER BY store_id",
                            [.text(tenant), .text(profileID)], read)
        }
        return try rows("""
            SELECT \(OptInRecord.columns) FROM opt_in_states WHERE tenant = ? AND profile_id IN (
                SELECT DISTINCT profile_id FROM opt_in_states WHERE tenant = ? AND profile_id > ? ORDER BY profile_id LIMIT ?)
            ORDER BY profile_id, store_id
            """, [.text(tenant), .text(tenant), .text(after), .integer(Int64(limit))], read)
    }
}
