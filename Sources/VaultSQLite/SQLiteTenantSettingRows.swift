import Vault
import VaultStore

/// The `tenant_settings` table of the control store; flags are 1 or 0.
struct SQLiteTenantSettingRows: TenantSettingRows {
    let database: Database

    func find(_ tenant: Tenant) throws -> TenantSettings? {
        try database.query("""
            SELECT first_and_last_name, profiles_merge, crm_enabled, crm_url, crm_token, updated_at
            FROM tenant_settings WHERE tenant = ?
            """) { s in
            try s.bind([.text(tenant.name)])
            guard try s.step() else { return nil }
            var settings = TenantSettings(tenant: tenant)
            settings.firstAndLastNameEnabled = s.int64(0) != 0
            settings.profilesMerge = s.int64(1) != 0
            settings.crmEnabled = s.int64(2) != 0
            settings.crmURL = s.text(3)
            settings.sealedCRMToken = s.isNull(4) ? nil : s.blob(4)
            settings.updatedAt = s.int64(5)
            return settings
        }
    }

    func save(_ settings: TenantSettings) throws {
        try database.query("""
            INSERT OR REPLACE INTO tenant_settings(tenant, first_and_last_name, profiles_merge, crm_enabled, crm_url, crm_token, updated_at)
            VALUES(?, ?, ?, ?, ?, ?, ?)
            """) {
            try $0.run([.text(settings.tenant.name), .integer(settings.firstAndLastNameEnabled ? 1 : 0),
                        .integer(settings.profilesMerge ? 1 : 0), .integer(settings.crmEnabled ? 1 : 0), .text(settings.crmURL),
                        settings.sealedCRMToken.map(DatabaseValue.blob) ?? .null, .integer(settings.updatedAt)])
        }
    }
}
