#if PostgreSQL
import Clienteling
import PostgresStore

/// Inbound messages acted on and shoppers' consent on PostgreSQL (ids in byte order, as SQLite sorts them).
extension PostgresSetupTables {
    func storeOwning(number: String) throws -> (tenant: String, storeID: String)? {
        try rows("SELECT tenant, store_id FROM stores WHERE phone_number = $1", [.text(number)]) { r, i in
            (r.text(i, 0), r.text(i, 1))
        }.first
    }

    func inboundOutcome(sid: String) throws -> String? {
        try rows("SELECT outcome FROM inbound_messages WHERE message_sid = $1", [.text(sid)]) { r, i in r.text(i, 0) }.first
    }

    func insertInbound(sid: String, tenant: String, storeID: String, outcome: String, now: Int64) throws -> Bool {
        try run("""
            INSERT INTO inbound_messages(message_sid, tenant, store_id, outcome, received_at) VALUES($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            """, [.text(sid), .text(tenant), .text(storeID), .text(outcome), .integer(now)]) == 1
    }

    func setOptInState(tenant: String, storeID: String, profileID: String, state: OptInState, now: Int64) throws {
        try run("""
            INSERT INTO opt_in_states(tenant, profile_id, store_id, state, modified_at) VALUES($1, $2, $3, $4, $5)
            ON CONFLICT(tenant, profile_id, store_id) DO UPDATE SET state = excluded.state, modified_at = excluded.modified_at
            """, [.text(tenant), .text(profileID), .text(storeID), .text(state.rawValue), .integer(now)])
    }

    func optIns(tenant: String, profileID: String?, after: String, limit: Int) throws -> [OptInRecord] {
        let read: (PostgresRows, Int) -> OptInRecord = { r, i in
            OptInRecord(profileID: r.text(i, 0), storeID: r.text(i, 1), state: r.text(i, 2), modifiedAt: r.int64(i, 3))
        }
        if let profileID {
            return try rows("""
                SELECT \(OptInRecord.columns) FROM opt_in_states WHERE tenant = $1 AND profile_id = $2 ORDER BY store_id COLLATE "C"
                """, [.text(tenant), .text(profileID)], read)
        }
        return try rows("""
            SELECT \(OptInRecord.columns) FROM opt_in_states WHERE tenant = $1 AND profile_id IN (
                SELECT DISTINCT profile_id COLLATE "C" FROM opt_in_states WHERE tenant = $1 AND profile_id COLLATE "C" > $2
                ORDER BY profile_id COLLATE "C" LIMIT $3)
            ORDER BY profile_id COLLATE "C", store_id COLLATE "C"
            """, [.text(tenant), .text(after), .integer(Int64(limit))], read)
    }
}
#endif
