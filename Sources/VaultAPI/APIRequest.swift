import HTTPServer
import JSONCore
import Vault

/// What every `/v1/d/pii` endpoint reads from a request before doing anything: the tenant, the region for
/// new data, and a JSON body. Each failure is a 4xx whose message names the rule, never the input.
enum APIRequest {
    static let maxBatch = 25

    static func tenant(_ request: HTTPRequest) throws(HTTPError) -> Tenant {
        let values = request.headers.values("tenant")
        guard let value = values.first else { throw HTTPError(400, "the Tenant header is required") }
        // Two of a header that decides whose data this is: no guessing which one counts.
        guard values.count == 1 else { throw HTTPError(400, "the Tenant header appears more than once") }
        guard let tenant = Tenant(value) else {
            throw HTTPError(400, "the Tenant header must match ^[a-z0-9][a-z0-9-]{0,62}$")
        }
        return tenant
    }

    /// Where new data goes: `Residency-Region`; when absent, the tenant's default region; the node's default
    /// region only for tenants without one. A region this node does not serve is never swapped for one it
    /// does (that would store one region's data in another): it is 421, so the caller can go to the right node.
    static func region(_ request: HTTPRequest, vault: Vault, tenantDefault: Region?) throws(HTTPError) -> Region {
        let region = try requestedRegion(request, vault: vault, tenantDefault: tenantDefault)
        guard vault.serves(region) else {
            let reason = request.headers["residency-region"] == nil ? "the tenant's default region" : "the Residency-Region asked for"
            throw misdirected("this node does not serve the \(region.code) region (\(reason)): send the request to a node of \(region.code)")
        }
        return region
    }

    /// The region new data asks for, served here or not (a node with peers sends it to that region's node):
    /// `Residency-Region` (once, and a known one, else 400), else the tenant's default, else the node's.
    static func requestedRegion(_ request: HTTPRequest, vault: Vault, tenantDefault: Region?) throws(HTTPError) -> Region {
        let values = request.headers.values("residency-region")
        guard let value = values.first else { return tenantDefault ?? vault.configuration.defaultRegion }
        guard values.count == 1 else {
            throw HTTPError(400, "the Residency-Region header appears more than once")
        }
        guard let named = Region(code: value) else {
            throw HTTPError(400, "unknown Residency-Region: use one of \(Region.allCases.map(\.code).joined(separator: ", "))")
        }
        return named
    }

    /// 421 Misdirected Request: the data belongs to a region another node serves.
    static func misdirected(_ message: String) -> HTTPError { HTTPError(421, message) }

    /// The one member `name` of a body that may hold nothing else; it must be an object of 1 to 25
    /// distinct keys.
    static func batch(_ body: [JSONMember], field name: String) throws(HTTPError) -> [JSONMember] {
        for member in body where member.key != name {
            throw HTTPError(400, "unexpected field in the body: only \"\(name)\" is accepted")
        }
        let named = body.filter { $0.key == name }
        guard named.count == 1 else {
            throw HTTPError(400, named.isEmpty ? "\"\(name)\" is required" : "\"\(name)\" appears more than once")
        }
        guard let entries = named[0].value.objectMembers else { throw HTTPError(400, "\"\(name)\" must be an object") }
        guard (1...maxBatch).contains(entries.count) else {
            throw HTTPError(400, "\"\(name)\" must have 1 to \(maxBatch) keys, not \(entries.count)")
        }
        // At most 25 keys, mostly short: comparing each pair costs less than hashing each into a set.
        for i in entries.indices {
            for j in entries.indices where j > i && entries[j].key == entries[i].key {
                throw HTTPError(400, "\"\(name)\" has a duplicate key")
            }
        }
        return entries
    }
}
