import ISO3166

/// Where a retailer's clienteling onboarding stands (`GET /setup/retailers/status`): configured or not, its
/// own opt-in message or the default, its stores by number status, and the countries of its stores where a
/// regulatory step is still missing.
package struct RetailerStatus: Sendable, Equatable {
    /// A step the guide requires before numbers can be had in a country, not taken yet.
    package enum MissingStep: String, Sendable, CaseIterable {
        /// The guide offers no clienteling numbers in the country at all.
        case notOffered = "not_offered"
        /// Numbers there need NewStore's assisted purchase: a support ticket naming the store and the country.
        case supportTicket = "support_ticket"
        /// The country needs a regulatory bundle, and the tenant has filed no regulatory submission for it.
        case regulatorySubmission = "regulatory_submission"
    }

    package struct Country: Sendable, Equatable {
        package let country: CountryCode
        package let stores: Int
        package let missing: [MissingStep]
    }

    package let retailer: SetupStore.Retailer?
    /// The tenant's own opt-in message; nil while it still uses the default.
    package let optIn: OptInTemplate?
    package let storeCounts: [StoreRecord.NumberStatus: Int]
    /// Only countries with a missing step, by code.
    package let countries: [Country]

    /// The guide's steps for `country` that are not done, in the order they are taken.
    static func missingSteps(_ country: CountryCode, filed: Bool) -> [MissingStep] {
        guard let requirements = RegulatoryRequirements.forCountry(country) else { return [.notOffered] }
        var missing: [MissingStep] = []
        if !requirements.selfService { missing.append(.supportTicket) }
        if requirements.needsBundle, !filed { missing.append(.regulatorySubmission) }
        return missing
    }
}
