/// How a token's record is bound to where it lives and to the token itself. The sealed value's associated
/// data names the region, tenant and record id, so a row moved to another id, tenant or region fails to open;
/// and it includes the token's secret half, so only the exact token opens the value. The database keeps
/// nothing derived from that secret: the AES-GCM tag (checked in constant time inside OpenSSL) is the
/// verifier, and a wrong secret is indistinguishable from an unknown token.
struct TokenRecord {
    /// `label ‖ region ‖ 0 ‖ tenant ‖ 0`, computed once per request and shared by its records.
    private let prefix: [UInt8]

    init(region: Region, tenant: Tenant) {
        prefix = Array("piivault/v1/token\0\(region.code)\0\(tenant.name)\0".utf8)
    }

    func associatedData(id: [UInt8], secret: [UInt8]) -> [UInt8] {
        var aad = prefix
        aad.reserveCapacity(aad.count + id.count + secret.count)
        aad += id
        aad += secret
        return aad
    }
}
