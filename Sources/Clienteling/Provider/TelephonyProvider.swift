import ISO3166

/// What clienteling set-up needs from the telephony and messaging provider (Twilio and Meta, in the seeds).
/// Calls block; the API runs them on its worker threads, never on an event loop. Errors are `ProviderError`,
/// whose messages never repeat what the provider said (it may echo input back).
package protocol TelephonyProvider: Sendable {
    /// What `--provider` calls it (`local`, `twilio`), for the retailer's status.
    var name: String { get }
    /// Numbers the provider offers to buy in `country`.
    func availableNumbers(country: CountryCode) throws(ProviderError) -> [AvailableNumber]
    /// Whether `number` is on offer in `country` right now.
    func offers(number: String, country: CountryCode) throws(ProviderError) -> Bool
    /// The number as owned by this account, if it already bought it (to finish an interrupted purchase).
    func ownedNumber(_ number: String) throws(ProviderError) -> PurchasedNumber?
    func addresses(country: CountryCode) throws(ProviderError) -> [ProviderAddress]
    /// Approved regulatory bundles for `country`.
    func regulatoryBundles(country: CountryCode) throws(ProviderError) -> [RegulatoryBundle]
    func trustProducts() throws(ProviderError) -> [TrustProduct]
    func buy(number: String, country: CountryCode, bundleSID: String?, addressSID: String?) throws(ProviderError) -> PurchasedNumber
    /// Registers `number` as a WhatsApp sender of the business account; Meta reviews it afterwards.
    func submitWhatsApp(number: String, wabaID: String, profileName: String) throws(ProviderError) -> WhatsAppSubmission
    /// The account's WhatsApp sender for `number`, if it has one (to adopt a registration whose answer was
    /// lost instead of registering the number again).
    func whatsAppSender(number: String) throws(ProviderError) -> WhatsAppSubmission?
    /// HMAC-SHA-1 of `payload` under the account's auth token: what the provider puts in the signature of
    /// the webhooks it calls (`TwilioSignature` builds the payload and compares).
    func signInbound(_ payload: [UInt8]) throws(ProviderError) -> [UInt8]
}

package struct AvailableNumber: Sendable, Equatable {
    package let phoneNumber: String
    package let locality: String
    package let region: String

    package init(phoneNumber: String, locality: String, region: String) {
        self.phoneNumber = phoneNumber
        self.locality = locality
        self.region = region
    }
}

package struct ProviderAddress: Sendable, Equatable {
    package let sid: String
    package let friendlyName: String
    package let street: String
    package let streetSecondary: String
    package let city: String
    package let region: String
    package let postalCode: String
    package let isoCountry: String

    package init(sid: String, friendlyName: String, street: String, streetSecondary: String, city: String,
                region: String, postalCode: String, isoCountry: String) {
        self.sid = sid
        self.friendlyName = friendlyName
        self.street = street
        self.streetSecondary = streetSecondary
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.isoCountry = isoCountry
    }
}

package struct RegulatoryBundle: Sendable, Equatable {
    package let sid: String
    package let friendlyName: String

    package init(sid: String, friendlyName: String) {
        self.sid = sid
        self.friendlyName = friendlyName
    }
}

/// A trust product has the same shape as a bundle on the seeds' pages: an id and a name.
package typealias TrustProduct = RegulatoryBundle

package struct PurchasedNumber: Sendable, Equatable {
    package let sid: String
    package let phoneNumber: String

    package init(sid: String, phoneNumber: String) {
        self.sid = sid
        self.phoneNumber = phoneNumber
    }
}

package struct WhatsAppSubmission: Sendable, Equatable {
    package let sid: String
    package let status: String
    /// The business account and profile name the sender is registered with, when the provider says.
    package let wabaID: String?
    package let profileName: String?

    package init(sid: String, status: String, wabaID: String? = nil, profileName: String? = nil) {
        self.sid = sid
        self.status = status
        self.wabaID = wabaID
        self.profileName = profileName
    }
}
