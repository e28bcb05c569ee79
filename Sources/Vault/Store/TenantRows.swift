/// The control store's tenants.
package protocol TenantRows {
    func find(_ tenant: Tenant) throws -> ControlStore.TenantRecord?
    func insert(_ record: ControlStore.TenantRecord) throws
    /// Every tenant, oldest first (ties by name).
    func all() throws -> [ControlStore.TenantRecord]
}
