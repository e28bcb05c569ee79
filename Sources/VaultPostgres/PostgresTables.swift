#if PostgreSQL
import PostgresStore
import Vault

/// The tables of every store with an audit chain, as views of one connection. `writing`: inside a write
/// transaction, where the audit head is read with its lock.
protocol PostgresChainViews: ChainTables {
    var connection: PostgresConnection { get }
    var writing: Bool { get }
}

extension PostgresChainViews {
    var audit: any AuditTable { PostgresAuditTable(connection: connection, writing: writing) }
    var bindings: any KeyringBindingRows { PostgresKeyringBindingRows(connection: connection) }

    func heldKind() throws -> StoreKind? {
        let meta = try storeErrors { try PostgresSchema.held(connection) }
        switch meta["kind"] {
        case "control": return .control
        case "region": return meta["region"].flatMap(Region.init(code:)).map(StoreKind.region)
        default: return nil
        }
    }
}

/// What a read-only connection sees of any store's chain (audit verify and tail, the anchor keeper).
struct PostgresChainTables: PostgresChainViews {
    let connection: PostgresConnection
    var writing: Bool { false }
}

/// What one connection sees of a region's store.
struct PostgresRegionTables: RegionTables, PostgresChainViews {
    let connection: PostgresConnection
    let writing: Bool
    /// The region writer's (nil elsewhere).
    var heads: AuditHeadCache? = nil
    var audit: any AuditTable { PostgresAuditTable(connection: connection, writing: writing, heads: heads) }
    var tokens: any TokenRows { PostgresTokenRows(connection: connection) }
    var dataKeys: any DataKeyRows { PostgresDataKeyRows(connection: connection) }
    var profiles: any ProfileRows { PostgresProfileRows(connection: connection, writing: writing) }
    var addresses: any AddressRows { PostgresAddressRows(connection: connection, writing: writing) }
    var grams: any GramRows { PostgresGramRows(connection: connection) }
    var data: any DataRows { PostgresDataRows(connection: connection) }
    var expired: any ExpiredRows { PostgresExpiredRows(connection: connection) }
    var wrappedKeys: any WrappedKeyRows { PostgresWrappedKeyRows(connection: connection) }
}

/// What one connection sees of the control store.
struct PostgresControlTables: ControlTables, PostgresChainViews {
    let connection: PostgresConnection
    let writing: Bool
    var tenants: any TenantRows { PostgresTenantRows(connection: connection) }
    var apiKeys: any APIKeyRows { PostgresAPIKeyRows(connection: connection) }
    var tenantSettings: any TenantSettingRows { PostgresTenantSettingRows(connection: connection) }
}
#endif
