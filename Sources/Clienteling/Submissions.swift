import ISO3166

/// Regulatory submissions with their documents: every document must be a data entry of the tenant in the
/// vault region where the country's documents belong (`DocumentRegions`), checked before anything is stored.
package struct Submissions: Sendable {
    package static let maxDocuments = 20
    let store: SetupStore
    let documents: any RegulatoryDocuments
    let regions: DocumentRegions

    package init(store: SetupStore, documents: any RegulatoryDocuments, regions: DocumentRegions) {
        self.store = store
        self.documents = documents
        self.regions = regions
    }

    package func submit(_ caller: SetupCaller, country: CountryCode, documentIDs: [String]) throws(SetupError) -> RegulatorySubmission {
        guard RegulatoryRequirements.forCountry(country) != nil else {
            throw .invalid("clienteling numbers are not offered in \(country.code); nothing to submit")
        }
        let region = regions.region(for: country)
        for (index, id) in documentIDs.enumerated() {
            do {
                try documents.verify(tenant: caller.tenant, id: id, region: region)
            } catch {
                switch error {
                case .invalid(let rule): throw .invalid("document_ids[\(index)]: \(rule)")
                case .misdirected(let rule): throw .misdirected("document_ids[\(index)]: \(rule)")
                default: throw error
                }
            }
        }
        let id = RandomID.make("RS")
        let now = SetupClock.milliseconds()
        let sealed = try documents.seal(documentIDs, region: region, reference: Self.reference(caller.tenant, id))
        try store.addSubmission(caller, id: id, country: country, documentRegion: region, sealedDocuments: sealed,
                                documentCount: documentIDs.count, now: now)
        return RegulatorySubmission(id: id, country: country, documentRegion: region, documentIDs: documentIDs,
                                    status: "submitted", createdAt: now)
    }

    /// The tenant's submissions, newest first (at most `SetupStore.maxSubmissionsListed`), or the one named.
    package func list(_ caller: SetupCaller, id: String? = nil) throws(SetupError) -> [RegulatorySubmission] {
        var out: [RegulatorySubmission] = []
        for (row, sealed) in try store.submissions(tenant: caller.tenant, id: id) {
            let ids = try documents.open(sealed, region: row.documentRegion, reference: Self.reference(caller.tenant, row.id))
            out.append(RegulatorySubmission(id: row.id, country: row.country, documentRegion: row.documentRegion,
                                            documentIDs: ids, status: row.status, createdAt: row.createdAt))
        }
        return out
    }

    static func reference(_ tenant: String, _ id: String) -> String { "setup/\(tenant)/\(id)" }
}
