import ISO3166

/// A retailer's onboarding at a glance, read from what the set-up store already holds: one reader, one
/// snapshot, nothing written and nothing asked of the provider.
extension SetupStore {
    /// The stores are read this many at a time (keyset pages), however many the tenant has.
    static let statusPage = 500

    package func status(tenant: String) throws(SetupError) -> RetailerStatus {
        try read { tables in
            var counts: [StoreRecord.NumberStatus: Int] = [.none: 0, .purchasing: 0, .active: 0]
            var storesByCountry: [CountryCode: Int] = [:]
            var after = ""
            while true {
                let page = try tables.stores(tenant: tenant, after: after, limit: Self.statusPage)
                for record in page {
                    counts[record.numberStatus, default: 0] += 1
                    storesByCountry[record.country, default: 0] += 1
                }
                guard page.count == Self.statusPage, let last = page.last else { break }
                after = last.storeID
            }
            let filed = Set(try tables.submissions(tenant: tenant, id: nil, limit: Self.maxSubmissionsListed).map(\.0.country))
            let countries = storesByCountry.keys.sorted().compactMap { country -> RetailerStatus.Country? in
                let missing = RetailerStatus.missingSteps(country, filed: filed.contains(country))
                return missing.isEmpty ? nil : RetailerStatus.Country(country: country, stores: storesByCountry[country]!,
                                                                     missing: missing)
            }
            return RetailerStatus(retailer: try tables.retailer(tenant: tenant), optIn: try tables.optIn(tenant: tenant),
                                  storeCounts: counts, countries: countries)
        }
    }
}
