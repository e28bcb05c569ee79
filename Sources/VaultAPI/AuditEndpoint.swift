import HTTPServer
import JSONCore
import Vault

/// `GET /v1/d/pii/audit?offset=&count=`: the calling tenant's own audit records (its regions' chains and
/// key administration), newest first, for keys with `audit:read`.
struct AuditEndpoint: Sendable {
    let vault: Vault
    let access: Access

    func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let key = try access.authorize(request, anyOf: [.auditRead])
        guard let items = PercentDecoding.queryItems(request.query) else { throw HTTPError(400, "malformed query string") }
        var offset = 0, count = 50
        for (name, value) in items {
            switch name {
            case "offset":
                guard let n = Int(value), (0...10_000).contains(n) else { throw HTTPError(400, "offset must be 0 to 10000") }
                offset = n
            case "count":
                guard let n = Int(value), (1...500).contains(n) else { throw HTTPError(400, "count must be 1 to 500") }
                count = n
            default:
                throw HTTPError(400, "unknown query parameter: use offset and count")
            }
        }
        let regional = try vault.auditRecords(tenant: key.tenant, offset: 0, count: offset + count)
        let control = try access.control.auditRecords(tenant: key.tenant, offset: 0, count: offset + count)
        let merged = (regional.records + control.records).sorted(by: AuditRecord.newestFirst)
        let page = Array(merged.dropFirst(offset).prefix(count))
        let body = JSONValue.object([
            JSONMember("records", .array(page.map(AuditJSON.value))),
            JSONMember("pagination_info", .object([
                JSONMember("count", .number(String(page.count))),
                JSONMember("total", .number(String(regional.total + control.total))),
                JSONMember("offset", .number(String(offset))),
            ])),
        ])
        return .json(200, body.serialized)
    }
}
