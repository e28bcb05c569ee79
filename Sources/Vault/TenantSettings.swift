/// A tenant's customer-API settings (v2's `/customer/config`). Absent settings are all off.
package struct TenantSettings: Sendable, Equatable {
    package let tenant: Tenant
    /// Whether v2 answers a profile's name in two parts (`first_name`, `last_name`) besides `full_name`.
    package var firstAndLastNameEnabled = false
    /// NewStore's profile merging. Kept and answered; the vault merges nothing (see README).
    package var profilesMerge = false
    /// Bring-your-own CRM: kept and answered; the vault calls no CRM (see README).
    package var crmEnabled = false
    /// "" when unset.
    package var crmURL = ""
    /// The CRM's API token sealed under the control keyring (bound to the tenant); nil when unset. Never
    /// answered, never logged: GET says only whether one is set.
    package var sealedCRMToken: [UInt8]?
    package var updatedAt: Int64 = 0

    package init(tenant: Tenant) { self.tenant = tenant }
}
