extension ControlStore {
    /// Every tenant, oldest first (for `piivault tenant list`).
    package func listTenants() throws -> [TenantRecord] {
        try database.withLock { try $0.tables.tenants.all() }
    }
}
