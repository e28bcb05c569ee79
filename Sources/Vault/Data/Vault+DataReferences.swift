import VaultCrypto

/// Data ids held by records outside the vault (a clienteling regulatory submission names the identity
/// documents it carries). An id is a bearer secret, so such a record keeps ids only sealed under the keyring
/// of the region the data lives in, bound to what refers to them; and checking an id reads no content.
extension Vault {
    /// Whether `id` names a live data entry of `tenant`: `.invalidID` for a malformed id, `.regionNotServed`
    /// when its region is not on this node. Not audited: nothing is revealed but existence to its tenant.
    package func dataEntryExists(tenant: Tenant, id: String) throws(ProfileError) -> Bool {
        let (store, dataID) = try locateData(id)
        do {
            let lookup = try DataBlobs.lookup(dataID, key: store.keyring.identityKey)
            let now = configuration.clock()
            return try store.storage.read { tables in
                try DataBlobs.isLive(tables.data, lookup: lookup, tenant: tenant, now: now)
            }
        } catch {
            throw failure(error, "data lookup")
        }
    }

    /// `ids` (all of `region`) sealed under that region's keyring, authenticated to `reference` (what holds
    /// them, e.g. `setup/<tenant>/<submission id>`), so a copy of the record alone yields no id.
    package func sealReferences(_ ids: [String], region: Region, reference: String) throws(ProfileError) -> [UInt8] {
        guard let store = stores[region] else { throw .regionNotServed }
        var plaintext = Array(ids.joined(separator: "\n").utf8)
        defer { SecureBytes.wipe(&plaintext) }
        do {
            return try store.keyring.wrap(plaintext, authenticating: Self.referenceData(region, reference))
        } catch {
            throw .internalError
        }
    }

    package func openReferences(_ sealed: [UInt8], region: Region, reference: String) throws(ProfileError) -> [String] {
        guard let store = stores[region] else { throw .regionNotServed }
        do {
            var plaintext = try store.keyring.unwrap(sealed, authenticating: Self.referenceData(region, reference))
            defer { SecureBytes.wipe(&plaintext) }
            return String(decoding: plaintext, as: UTF8.self).split(separator: "\n").map(String.init)
        } catch {
            throw .internalError
        }
    }

    /// What sealed references are bound to (also what `keys rewrap` opens them with).
    package static func referenceData(_ region: Region, _ reference: String) -> [UInt8] {
        Array("data-references\0\(region.code)\0\(reference)".utf8)
    }
}
