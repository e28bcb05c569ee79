#if PostgreSQL
import PostgresStore
import Vault

/// The region stores a deployment's control store knows. A region's database gets an id when it is made
/// (`meta.store_id`); the shared control store remembers the first one each region was served from. A node
/// then refuses a region database that is not that one (a mistyped database name, an empty database, a
/// half-made copy) before it writes anything there, instead of making it a second, empty region store whose
/// tokens no other node can read.
extension PostgresEngine {
    /// A connection to the control store that keeps the record, nil when there is none on PostgreSQL (or it
    /// has no tables yet): one per region opened, for the check and the record both.
    func identityRecords() throws -> PostgresConnection? {
        guard conninfos[.control] != nil else { return nil }
        let control = try connect(.control)
        return try Self.hasMeta(control) ? control : nil
    }

    /// Checks `connection`'s database against `control`'s record of `region`; returns that record (nil: none
    /// yet, or no control store to keep one).
    func checkIdentity(of region: Region, _ connection: PostgresConnection, control: PostgresConnection?) throws -> String? {
        let own = try Self.meta("store_id", in: connection)
        if own != nil { try PostgresSchema.check(connection, kind: "region", region: region, unfinishedCopy: opensUnfinishedCopies) }
        guard let control, let known = try Self.meta(Self.key(region), in: control) else { return nil }
        try requireSame(own, known, region, connection)
        return known
    }

    /// Records `connection`'s database as `region`'s in `control` (the first node to do so wins; a node that
    /// lost that race to another database is refused like any other).
    func remember(_ region: Region, _ connection: PostgresConnection, control: PostgresConnection) throws {
        guard let own = try Self.meta("store_id", in: connection) else { return }
        try control.execute("INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT DO NOTHING", [.text(Self.key(region)), .text(own)])
        try requireSame(own, try Self.meta(Self.key(region), in: control), region, connection)
    }

    private func requireSame(_ own: String?, _ known: String?, _ region: Region, _ connection: PostgresConnection) throws {
        guard own != known else { return }
        let control = locations[.control] ?? "the control store"
        throw VaultError.store("\(connection.location) is not the \(region.code) store of this deployment: \(control) "
                               + "knows another database as the \(region.code) store (this one is \(own == nil ? "new or empty" : "another")): "
                               + "point --store \(region.code)= at the database the other nodes serve \(region.code) from (nothing was changed)")
    }

    private static func key(_ region: Region) -> String { "region_store." + region.code }

    private static func hasMeta(_ connection: PostgresConnection) throws -> Bool {
        try connection.execute("SELECT (to_regclass('meta') IS NOT NULL)::int::bigint").int64(0, 0) == 1
    }

    private static func meta(_ key: String, in connection: PostgresConnection) throws -> String? {
        guard try hasMeta(connection) else { return nil }
        let rows = try connection.execute("SELECT value FROM meta WHERE key = $1", [.text(key)])
        return rows.count > 0 ? rows.text(0, 0) : nil
    }
}
#endif
