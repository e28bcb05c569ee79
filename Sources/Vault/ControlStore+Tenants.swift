import VaultStore

extension ControlStore {
    /// Every tenant, oldest first (for `piivault tenant list`).
    public func listTenants() throws -> [TenantRecord] {
        try database.withLock { db in
            try db.withStatement("SELECT name, default_region, created_at FROM tenants ORDER BY created_at, name") { s in
                var tenants: [TenantRecord] = []
                while try s.step() {
                    // Names were checked when created; a row that no longer parses is skipped, not shown raw.
                    guard let tenant = Tenant(s.text(0)) else { continue }
                    tenants.append(TenantRecord(tenant: tenant, defaultRegion: Region(code: s.text(1)), createdAt: s.int64(2)))
                }
                return tenants
            }
        }
    }
}
