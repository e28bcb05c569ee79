import HTTPServer
import JSONCore
import Vault

/// `GET /v1/d/pii/audit?offset=&count=`: the calling tenant's own audit records (its regions' chains and
/// key administration), newest first (each chain in its own order, chains merged by time), for keys with
/// `audit:read`.
struct AuditEndpoint: Sendable {
    let vault: Vault
    let control: ControlStore

    func list(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let (offset, count) = try PageQuery.offsetAndCount(request, PageQuery.audit)
        let regional = try vault.auditChains(tenant: caller.tenant, count: offset + count)
        let control = try self.control.auditRecords(tenant: caller.tenant, offset: 0, count: offset + count)
        // Each chain keeps its own order (by seq): wall-clock times can step back.
        let merged = AuditRecord.mergedNewestFirst(regional.chains + [control.records])
        let page = Array(merged.dropFirst(offset).prefix(count))
        let body = JSONValue.object([
            JSONMember("records", .array(page.map(AuditJSON.value))),
            JSONMember("pagination_info", .object([
                JSONMember("count", .number(String(page.count))),
                JSONMember("total", .number(String(regional.total + control.total))),
                JSONMember("offset", .number(String(offset))),
            ])),
        ])
        return .now(.json(200, body.serialized))
    }
}
