/// What `PATCH /customer/config` may change; nil leaves a setting as it is.
package struct TenantSettingsChange: Sendable {
    package var firstAndLastNameEnabled: Bool?
    package var profilesMerge: Bool?
    package var crmEnabled: Bool?
    /// "" clears it.
    package var crmURL: String?
    /// "" clears it. Held only until sealed.
    package var crmToken: String?

    package init() {}
}

/// Why a settings change was refused (the caller's mistake: 422).
package enum TenantSettingsError: Error, Sendable, Equatable {
    case crmWithMerge
    case invalidURL
    case invalidToken

    package var message: String {
        switch self {
        case .crmWithMerge: "byo_crm.enabled and nom_consumer_profiles_merge cannot both be true"
        case .invalidURL: "byo_crm.url must be an absolute http(s) URL of at most \(TenantSettings.maxURLLength) characters, or \"\" to clear it"
        case .invalidToken: "byo_crm.api_token must be at most \(TenantSettings.maxTokenLength) visible ASCII characters, or \"\" to clear it"
        }
    }
}

extension TenantSettings {
    package static let maxURLLength = 2_048
    package static let maxTokenLength = 4_096
    package var hasCRMToken: Bool { sealedCRMToken != nil }
}

extension ControlStore {
    /// The tenant's settings (all off when it never set one), at most `cacheMilliseconds` old.
    package func settings(of tenant: Tenant) throws -> TenantSettings {
        let now = clock()
        if let cached = settingsCache.withLock({ $0[tenant] }), now - cached.at < cacheMilliseconds, now >= cached.at {
            return cached.settings
        }
        let settings = try database.withLock { try $0.tables.tenantSettings.find(tenant) } ?? TenantSettings(tenant: tenant)
        settingsCache.withLock { $0[tenant] = (settings, now) }
        return settings
    }

    /// Applies `change` in one transaction with its audit record on the control chain (which settings
    /// changed, never a value), and answers the new settings.
    package func updateSettings(of tenant: Tenant, _ change: TenantSettingsChange, context: AuditContext) throws -> TenantSettings {
        var sealedToken: [UInt8]?
        if let token = change.crmToken, !token.isEmpty {
            guard token.utf8.count <= TenantSettings.maxTokenLength, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw TenantSettingsError.invalidToken
            }
            sealedToken = try keyring.wrap(Array(token.utf8), authenticating: Self.crmTokenAAD(tenant))
        }
        if let url = change.crmURL, !url.isEmpty, !Self.isCRMURL(url) { throw TenantSettingsError.invalidURL }
        let updated = try auditedTransaction { tables in
            var settings = try tables.tenantSettings.find(tenant) ?? TenantSettings(tenant: tenant)
            if let value = change.firstAndLastNameEnabled { settings.firstAndLastNameEnabled = value }
            if let value = change.profilesMerge { settings.profilesMerge = value }
            if let value = change.crmEnabled { settings.crmEnabled = value }
            if let value = change.crmURL { settings.crmURL = value }
            if let token = change.crmToken { settings.sealedCRMToken = token.isEmpty ? nil : sealedToken }
            guard !(settings.crmEnabled && settings.profilesMerge) else { throw TenantSettingsError.crmWithMerge }
            settings.updatedAt = clock()
            try tables.tenantSettings.save(settings)
            let record = AuditRecord(at: settings.updatedAt, requestID: context.requestID, tenant: tenant.name, keyID: context.keyID,
                                     operation: "config.update", records: Self.changedNames(change), outcome: "ok")
            try tables.audit.append(record, key: auditKey)
            return settings
        }
        settingsCache.withLock { $0[tenant] = (updated, clock()) }
        return updated
    }

    /// The token is bound to its tenant: a sealed token copied to another tenant's row does not open.
    static func crmTokenAAD(_ tenant: Tenant) -> [UInt8] { Array("piivault crm-token v1 \(tenant.name)".utf8) }

    /// `http(s)://` (any case) and at least one more visible ASCII character: the rule the document states.
    private static func isCRMURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest = lower.hasPrefix("https://") ? lower.dropFirst(8) : lower.hasPrefix("http://") ? lower.dropFirst(7) : nil
        guard let rest, !rest.isEmpty, text.utf8.count <= TenantSettings.maxURLLength else { return false }
        return text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private static func changedNames(_ change: TenantSettingsChange) -> [String] {
        [("first_and_last_name_enabled", change.firstAndLastNameEnabled != nil), ("nom_consumer_profiles_merge", change.profilesMerge != nil),
         ("byo_crm.enabled", change.crmEnabled != nil), ("byo_crm.url", change.crmURL != nil), ("byo_crm.api_token", change.crmToken != nil)]
            .filter(\.1).map(\.0)
    }
}
