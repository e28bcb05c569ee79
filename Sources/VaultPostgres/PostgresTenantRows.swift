#if PostgreSQL
import PostgresStore
import Vault

/// The `tenants` table of the control store. An empty `default_region` is a tenant without one of its own;
/// `cross_region_reads` is 1 or 0.
struct PostgresTenantRows: TenantRows {
    let connection: PostgresConnection

    func find(_ tenant: Tenant) throws -> ControlStore.TenantRecord? {
        let rows = try connection.query("SELECT default_region, created_at, cross_region_reads FROM tenants WHERE name = $1",
                                        [.text(tenant.name)])
        guard rows.count > 0 else { return nil }
        return ControlStore.TenantRecord(tenant: tenant, defaultRegion: Region(code: rows.text(0, 0)), createdAt: rows.int64(0, 1),
                                         crossRegionReads: rows.int64(0, 2) != 0)
    }

    func insert(_ record: ControlStore.TenantRecord) throws {
        try connection.query("INSERT INTO tenants(name, default_region, created_at, cross_region_reads) VALUES($1, $2, $3, $4)",
                             [.text(record.tenant.name), .text(record.defaultRegion?.code ?? ""), .integer(record.createdAt),
                              .integer(record.crossRegionReads ? 1 : 0)])
    }

    func all() throws -> [ControlStore.TenantRecord] {
        let rows = try connection.query("SELECT name, default_region, created_at, cross_region_reads FROM tenants ORDER BY created_at, name")
        return (0..<rows.count).compactMap { row in
            // Names were checked when created; a row that no longer parses is skipped, not shown raw.
            guard let tenant = Tenant(rows.text(row, 0)) else { return nil }
            return ControlStore.TenantRecord(tenant: tenant, defaultRegion: Region(code: rows.text(row, 1)), createdAt: rows.int64(row, 2),
                                             crossRegionReads: rows.int64(row, 3) != 0)
        }
    }
}
#endif
