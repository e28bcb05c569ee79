import Vault
import VaultStore

/// The `tenants` table of the control store. An empty `default_region` is a tenant without one of its own;
/// `cross_region_reads` is 1 or 0.
struct SQLiteTenantRows: TenantRows {
    let database: Database

    func find(_ tenant: Tenant) throws -> ControlStore.TenantRecord? {
        try database.query("SELECT default_region, created_at, cross_region_reads FROM tenants WHERE name = ?") { s in
            try s.bind([.text(tenant.name)])
            guard try s.step() else { return nil }
            return ControlStore.TenantRecord(tenant: tenant, defaultRegion: Region(code: s.text(0)), createdAt: s.int64(1),
                                             crossRegionReads: s.int64(2) != 0)
        }
    }

    func insert(_ record: ControlStore.TenantRecord) throws {
        try database.query("INSERT INTO tenants(name, default_region, created_at, cross_region_reads) VALUES(?, ?, ?, ?)") {
            try $0.run([.text(record.tenant.name), .text(record.defaultRegion?.code ?? ""), .integer(record.createdAt),
                        .integer(record.crossRegionReads ? 1 : 0)])
        }
    }

    func all() throws -> [ControlStore.TenantRecord] {
        try database.query("SELECT name, default_region, created_at, cross_region_reads FROM tenants ORDER BY created_at, name") { s in
            var tenants: [ControlStore.TenantRecord] = []
            while try s.step() {
                // Names were checked when created; a row that no longer parses is skipped, not shown raw.
                guard let tenant = Tenant(s.text(0)) else { continue }
                tenants.append(ControlStore.TenantRecord(tenant: tenant, defaultRegion: Region(code: s.text(1)), createdAt: s.int64(2),
                                                         crossRegionReads: s.int64(3) != 0))
            }
            return tenants
        }
    }
}
