import ISO3166

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

    /// The columns a row is selected with (`s` the stores table), the same text on every engine.
    package static let columns = """
        s.store_id, s.name, s.country_code, s.landline, s.phone_number, s.number_sid, s.bundle_sid, s.address_sid,
        s.enabled, s.whatsapp_status, s.waba_id, s.profile_name, s.whatsapp_sid, s.created_at, s.updated_at,
        (SELECT c.phone_number FROM number_claims c WHERE c.tenant = s.tenant AND c.store_id = s.store_id)
        """

    /// A row selected with `columns`, read through the engine's accessors (by column number from 0).
    package init(text: (Int) -> String, optionalText: (Int) -> String?, int64: (Int) -> Int64) {
        storeID = text(0)
        name = text(1)
        country = CountryCode(text(2)) ?? CountryCode("US")!
        landline = text(3)
        let claimed = optionalText(15)
        phoneNumber = optionalText(4) ?? claimed
        numberSID = optionalText(5)
        bundleSID = optionalText(6)
        addressSID = optionalText(7)
        enabled = int64(8) != 0
        numberStatus = optionalText(4) != nil ? .active : claimed != nil ? .purchasing : .none
        whatsAppStatus = WhatsAppStatus(rawValue: text(9)) ?? .none
        wabaID = optionalText(10)
        profileName = optionalText(11)
        whatsAppSID = optionalText(12)
        createdAt = int64(13)
        updatedAt = int64(14)
    }
}
