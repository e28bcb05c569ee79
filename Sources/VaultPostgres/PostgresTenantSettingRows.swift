#if PostgreSQL
import PostgresStore
import Vault

/// The `tenant_settings` table of the control store; flags are 1 or 0 (bigints, as SQLite's columns are).
struct PostgresTenantSettingRows: TenantSettingRows {
    let connection: PostgresConnection

    func find(_ tenant: Tenant) throws -> TenantSettings? {
        let rows = try connection.query("""
            SELECT first_and_last_name, profiles_merge, crm_enabled, crm_url, crm_token, updated_at
            FROM tenant_settings WHERE tenant = $1
            """, [.text(tenant.name)])
        guard rows.count > 0 else { return nil }
        var settings = TenantSettings(tenant: tenant)
        settings.firstAndLastNameEnabled = rows.int64(0, 0) != 0
        settings.profilesMerge = rows.int64(0, 1) != 0
        settings.crmEnabled = rows.int64(0, 2) != 0
        settings.crmURL = rows.text(0, 3)
        settings.sealedCRMToken = rows.optionalBytes(0, 4)
        settings.updatedAt = rows.int64(0, 5)
        return settings
    }

    func save(_ settings: TenantSettings) throws {
        try connection.query("""
            INSERT INTO tenant_settings(tenant, first_and_last_name, profiles_merge, crm_enabled, crm_url, crm_token, updated_at)
            VALUES($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant) DO UPDATE SET first_and_last_name = EXCLUDED.first_and_last_name,
                profiles_merge = EXCLUDED.profiles_merge, crm_enabled = EXCLUDED.crm_enabled, crm_url = EXCLUDED.crm_url,
                crm_token = EXCLUDED.crm_token, updated_at = EXCLUDED.updated_at
            """, [.text(settings.tenant.name), .integer(settings.firstAndLastNameEnabled ? 1 : 0),
                  .integer(settings.profilesMerge ? 1 : 0), .integer(settings.crmEnabled ? 1 : 0), .text(settings.crmURL),
                  settings.sealedCRMToken.map(PostgresValue.bytes) ?? .null, .integer(settings.updatedAt)])
    }
}
#endif
