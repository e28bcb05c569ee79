import ISO3166
import VaultStore

/// A store of a retailer and where its clienteling onboarding stands.
package struct StoreRecord: Sendable, Equatable {
    package enum NumberStatus: String, Sendable {
        /// No clienteling number yet.
        case none
        /// A purchase was started and not confirmed yet: the number is reserved for this store.
        case purchasing
        /// The provider confirmed the purchase; the number is the store's.
        case active
    }

    package enum WhatsAppStatus: String, Sendable {
        case none
        /// Sent to the provider; Meta's review follows.
        case pending
    }

    package let storeID: String
    package var name: String
    package var country: CountryCode
    package var landline: String
    package var phoneNumber: String?
    package var numberSID: String?
    package var bundleSID: String?
    package var addressSID: String?
    package var enabled: Bool
    package var numberStatus: NumberStatus
    package var whatsAppStatus: WhatsAppStatus
    package var wabaID: String?
    package var profileName: String?
    package var whatsAppSID: String?
    package let createdAt: Int64
    package var updatedAt: Int64

    static let columns = """
        s.store_id, s.name, s.country_code, s.landline, s.phone_number, s.number_sid, s.bundle_sid, s.address_sid,
        s.enabled, s.whatsapp_status, s.waba_id, s.profile_name, s.whatsapp_sid, s.created_at, s.updated_at,
        (SELECT c.phone_number FROM number_claims c WHERE c.tenant = s.tenant AND c.store_id = s.store_id)
        """

    /// A row selected with `columns`.
    init(_ s: Statement) {
        func optional(_ column: Int32) -> String? { s.isNull(column) ? nil : s.text(column) }
        storeID = s.text(0)
        name = s.text(1)
        country = CountryCode(s.text(2)) ?? CountryCode("US")!
        landline = s.text(3)
        let claimed = optional(15)
        phoneNumber = optional(4) ?? claimed
        numberSID = optional(5)
        bundleSID = optional(6)
        addressSID = optional(7)
        enabled = s.int64(8) != 0
        numberStatus = optional(4) != nil ? .active : claimed != nil ? .purchasing : .none
        whatsAppStatus = WhatsAppStatus(rawValue: s.text(9)) ?? .none
        wabaID = optional(10)
        profileName = optional(11)
        whatsAppSID = optional(12)
        createdAt = s.int64(13)
        updatedAt = s.int64(14)
    }
}
