/// A shopper as clienteling sees them (the v2 swagger's `Profile`): the vault's profile id as `customer_id`,
/// the consent given or withdrawn per store, and the phone number, read from the vault's profile.
package struct ClientelingProfile: Sendable, Equatable {
    package let customerID: String
    /// By store id.
    package let optIns: [OptInRecord]
    package let phoneNumber: String

    /// Opted out: the shopper withdrew consent from a store and gives it to none.
    package var optedOut: Bool {
        optIns.contains { $0.state == .rejected } && !optIns.contains { $0.state == .accepted }
    }

    /// When the latest withdrawal was, while opted out.
    package var optedOutAt: Int64? {
        optedOut ? optIns.filter { $0.state == .rejected }.map(\.modifiedAt).max() : nil
    }

    /// Records of several profiles, as stored (by profile id, then store id), grouped in that order.
    static func grouped(_ records: [OptInRecord]) -> [(profileID: String, optIns: [OptInRecord])] {
        var groups: [(profileID: String, optIns: [OptInRecord])] = []
        for record in records {
            if groups.last?.profileID == record.profileID {
                groups[groups.count - 1].optIns.append(record)
            } else {
                groups.append((record.profileID, [record]))
            }
        }
        return groups
    }
}
