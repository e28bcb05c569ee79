import ISO3166

/// The vault's data entries as a regulatory submission uses them: identity documents are uploaded through
/// `POST /v1/d/pii/data` into the region of the store's country, and a submission names them by data id.
/// Ids are bearer secrets, so the setup database keeps them only sealed. The executable supplies the vault
/// behind this; the set-up module knows only this shape.
package protocol RegulatoryDocuments: Sendable {
    /// Throws `.invalid` unless `id` names a live data entry of `tenant` in `region`.
    func verify(tenant: String, id: String, region: String) throws(SetupError)
    /// `ids` sealed for storage outside the vault, bound to `reference`.
    func seal(_ ids: [String], region: String, reference: String) throws(SetupError) -> [UInt8]
    func open(_ sealed: [UInt8], region: String, reference: String) throws(SetupError) -> [String]
}

/// A request to regulators for a country (through NewStore's regulatory review), with its documents.
package struct RegulatorySubmission: Sendable, Equatable {
    package let id: String
    package let country: CountryCode
    package let documentRegion: String
    package let documentIDs: [String]
    package let status: String
    package let createdAt: Int64
}

extension RegulatorySubmission {
    /// A stored row, its documents still sealed (so no ids yet).
    package init(id: String, countryCode: String, documentRegion: String, status: String, createdAt: Int64) {
        self.init(id: id, country: CountryCode(countryCode) ?? CountryCode("US")!, documentRegion: documentRegion,
                  documentIDs: [], status: status, createdAt: createdAt)
    }
}
