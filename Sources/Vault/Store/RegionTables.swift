/// What every store with an audit chain holds: the chain and the record of which keyring made the store.
package protocol ChainTables {
    var audit: any AuditTable { get }
    var bindings: any KeyringBindingRows { get }

    /// What the store says it holds (its `meta`), nil when it says nothing (SQLite's control and set-up
    /// stores): a read-only open checks it, as a write open does, so `audit verify` given another region's
    /// database says so instead of reporting its records as altered.
    func heldKind() throws -> StoreKind?
}

/// What one read or write of a region's store sees.
package protocol RegionTables: ChainTables {
    var tokens: any TokenRows { get }
    var dataKeys: any DataKeyRows { get }
    var profiles: any ProfileRows { get }
    var addresses: any AddressRows { get }
    var grams: any GramRows { get }
    var data: any DataRows { get }
    var expired: any ExpiredRows { get }
    var wrappedKeys: any WrappedKeyRows { get }
}

/// What one read or write of the control store sees.
package protocol ControlTables: ChainTables {
    var tenants: any TenantRows { get }
    var apiKeys: any APIKeyRows { get }
    var tenantSettings: any TenantSettingRows { get }
}
