/// Who a shopper is, for the tenant: the executable answers from the vault's profiles (this module does not
/// import the vault). Lookups create nothing. `caller` says on whose behalf, for the vault's audit: the
/// API key of a `/clienteling` read, or the webhook (key id `twilio-webhook`) with the request's id.
package protocol ShopperDirectory: Sendable {
    /// The id of the tenant's profile whose phone number is exactly `phoneNumber` (E.164), nil when none is.
    func profileID(_ caller: SetupCaller, phoneNumber: String) throws(SetupError) -> String?
    /// The phone numbers of these profiles of the tenant, by id; a profile that is gone (erased) or has no
    /// phone number is left out.
    func phoneNumbers(_ caller: SetupCaller, profileIDs: [String]) throws(SetupError) -> [String: String]
}
