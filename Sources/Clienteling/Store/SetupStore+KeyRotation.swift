/// A regulatory submission's document ids as stored: sealed under the keyring of the region the documents
/// live in, bound to `Submissions.reference(tenant, id)`.
package struct SealedDocuments: Sendable, Equatable {
    package let tenant: String
    package let id: String
    package let sealed: [UInt8]

    package init(tenant: String, id: String, sealed: [UInt8]) {
        self.tenant = tenant
        self.id = id
        self.sealed = sealed
    }

    /// What the seal is bound to (see `Submissions`).
    package var reference: String { Submissions.reference(tenant, id) }
}

/// Key rotation reaches the set-up data too: submissions' documents are sealed under a region keyring, so
/// `keys status` counts them and `keys rewrap` seals them again under the region's primary key.
extension SetupStore {
    /// How many submissions of `region` are sealed under each keyring key id (from the seals' headers).
    package func documentKeyCounts(region: String) throws(SetupError) -> [UInt32: Int] {
        var counts: [UInt32: Int] = [:]
        for row in try read({ try $0.sealedDocuments(region: region) }) {
            guard row.sealed.count >= 5 else { continue }
            let id = row.sealed[1...4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            counts[id, default: 0] += 1
        }
        return counts
    }

    /// Seals every submission of `region` again with `reseal` (nil: already under the primary), each row
    /// compare-and-set in its own write. Returns how many were resealed and the references of those that
    /// could not be (`reseal` threw).
    package func resealDocuments(region: String, reseal: (SealedDocuments) throws -> [UInt8]?) throws(SetupError)
        -> (resealed: Int, failed: [String]) {
        var resealed = 0
        var failed: [String] = []
        for row in try read({ try $0.sealedDocuments(region: region) }) {
            let sealed: [UInt8]?
            do { sealed = try reseal(row) } catch { failed.append(row.reference); continue }
            guard let sealed else { continue }
            if try write({ try $0.replaceDocuments(row, with: sealed) }) { resealed += 1 }
        }
        return (resealed, failed)
    }
}
