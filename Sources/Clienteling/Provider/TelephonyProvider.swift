import ISO3166

/// What clienteling set-up needs from the telephony and messaging provider (Twilio and Meta, in the seeds).
/// Calls block; the API runs them on its worker threads, never on an event loop. Errors are `ProviderError`,
/// whose messages never repeat what the provider said (it may echo input back).
public protocol TelephonyProvider: Sendable {
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
}

public struct AvailableNumber: Sendable, Equatable {
    public let phoneNumber: String
    public let locality: String
    public let region: String

    public init(phoneNumber: String, locality: String, region: String) {
        self.phoneNumber = phoneNumber
        self.locality = locality
        self.region = region
    }
}

public struct ProviderAddress: Sendable, Equatable {
    public let sid: String
    public let friendlyName: String
    public let street: String
    public let streetSecondary: String
    public let city: String
    public let region: String
    public let postalCode: String
    public let isoCountry: String

    public init(sid: String, friendlyName: String, street: String, streetSecondary: String, city: String,
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

public struct RegulatoryBundle: Sendable, Equatable {
    public let sid: String
    public let friendlyName: String

    public init(sid: String, friendlyName: String) {
        self.sid = sid
        self.friendlyName = friendlyName
    }
}

/// A trust product has the same shape as a bundle on the seeds' pages: an id and a name.
public typealias TrustProduct = RegulatoryBundle

public struct PurchasedNumber: Sendable, Equatable {
    public let sid: String
    public let phoneNumber: String

    public init(sid: String, phoneNumber: String) {
        self.sid = sid
        self.phoneNumber = phoneNumber
    }
}

public struct WhatsAppSubmission: Sendable, Equatable {
    public let sid: String
    public let status: String
    /// The business account and profile name the sender is registered with, when the provider says.
    public let wabaID: String?
    public let profileName: String?

    public init(sid: String, status: String, wabaID: String? = nil, profileName: String? = nil) {
        self.sid = sid
        self.status = status
        self.wabaID = wabaID
        self.profileName = profileName
    }
}
