/// The control store's `tenant_settings`: one row per tenant that changed a setting.
package protocol TenantSettingRows {
    func find(_ tenant: Tenant) throws -> TenantSettings?
    /// Inserts or replaces the tenant's row.
    func save(_ settings: TenantSettings) throws
}
