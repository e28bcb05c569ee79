/// A shopper's consent to one store's messages, as stored: the vault's profile id (never the phone number),
/// the store, the state and when it last changed.
package struct OptInRecord: Sendable, Equatable {
    package let profileID: String
    package let storeID: String
    package let state: OptInState
    package let modifiedAt: Int64

    package static let columns = "profile_id, store_id, state, modified_at"

    package init(profileID: String, storeID: String, state: String, modifiedAt: Int64) {
        self.profileID = profileID
        self.storeID = storeID
        self.state = OptInState(rawValue: state) ?? .waiting
        self.modifiedAt = modifiedAt
    }
}
