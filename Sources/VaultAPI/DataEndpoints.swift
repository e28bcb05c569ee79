import Foundation
import HTTPServer
import JSONCore
import Vault

/// `/v1/d/pii/data`: store a file (JSON with base64 content, or the raw bytes), read it back, delete it.
/// Writes need `data:write`, reads `data:read`.
struct DataEndpoints: Sendable {
    let vault: Vault
    let access: Access
    /// The largest content accepted, decoded; larger is 413.
    let maxContentBytes: Int

    static let maxTTLDays = 3_650

    /// The HTTP body limit this needs: base64 in JSON is 4/3 of the content, plus room for the envelope.
    static func bodyLimit(forContent bytes: Int) -> Int { (bytes + 2) / 3 * 4 + 64 * 1024 }

    func store(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey, region: Region, data: StoredData, ttl: Int?
        do {
            key = try access.authorize(request, anyOf: [.dataWrite])
            region = try APIRequest.region(request, vault: vault, tenantDefault: key.defaultRegion)
            (data, ttl) = try parse(request)
        } catch {
            return responder.send(error)
        }
        vault.storeData(tenant: key.tenant, region: region, data: data, ttlDays: ttl, context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "data") { id in
                var writer = JSONWriter(capacity: 64)
                writer.append("{\"id\":")
                writer.writeString(id.string)
                writer.append("}")
                return .json(201, writer.bytes)
            }
        }
    }

    func get(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey
        do { key = try access.authorize(request, anyOf: [.dataRead]) } catch { return responder.send(error) }
        vault.data(tenant: key.tenant, id: request.pathParameters["data_id"] ?? "", context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "data") { stored in
                // Served as a download, never rendered or sniffed by a browser, never cached.
                HTTPResponse(status: 200, headers: HTTPHeaders([
                    ("content-type", stored.contentType), ("x-content-type-options", "nosniff"),
                    ("content-disposition", "attachment"), ("cache-control", "no-store"),
                ]), body: stored.content)
            }
        }
    }

    func delete(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey
        do { key = try access.authorize(request, anyOf: [.dataWrite]) } catch { return responder.send(error) }
        vault.deleteData(tenant: key.tenant, id: request.pathParameters["data_id"] ?? "", context: AuditContext(key, responder)) { result in
            responder.reply(result, noun: "data") { _ in HTTPResponse(status: 204) }
        }
    }

    /// JSON `{"content_type", "content" (base64), "ttl"?}`, or any other media type: the raw bytes, that
    /// `Content-Type`, and `?ttl=`.
    private func parse(_ request: HTTPRequest) throws(HTTPError) -> (StoredData, Int?) {
        guard let type = request.mediaType, !type.isEmpty else {
            throw HTTPError(400, "Content-Type is required: application/json with content_type and content, or the file's own type")
        }
        if type == "application/json" {
            let body = try APIRequest.jsonObject(request)
            for member in body where !["content_type", "content", "ttl"].contains(member.key) {
                throw HTTPError(400, "unexpected field in the body: only content_type, content and ttl are accepted")
            }
            guard let contentType = body.first(where: { $0.key == "content_type" })?.value.stringValue else {
                throw HTTPError(400, "content_type is required and must be a string")
            }
            guard let encoded = body.first(where: { $0.key == "content" })?.value.stringValue else {
                throw HTTPError(400, "content is required and must be a base64 string")
            }
            guard let content = Data(base64Encoded: encoded) else { throw HTTPError(400, "content is not valid base64") }
            var ttl: Int?
            if let value = body.first(where: { $0.key == "ttl" })?.value, value != .null {
                guard case .number(let text) = value else { throw HTTPError(400, ttlRule) }
                ttl = try Self.ttl(text)
            }
            return (try checked(contentType, [UInt8](content)), ttl)
        }
        var ttl: Int?
        for (name, value) in try PageQuery.items(request, accepted: ["ttl"]) where name == "ttl" { ttl = try Self.ttl(value) }
        return (try checked(request.headers["content-type"] ?? type, request.body), ttl)
    }

    private var ttlRule: String { "ttl must be a whole number of days from 1 to \(Self.maxTTLDays)" }

    private static func ttl(_ text: String) throws(HTTPError) -> Int {
        guard let days = Int(text), (1...maxTTLDays).contains(days) else {
            throw HTTPError(400, "ttl must be a whole number of days from 1 to \(maxTTLDays)")
        }
        return days
    }

    private func checked(_ contentType: String, _ content: [UInt8]) throws(HTTPError) -> StoredData {
        guard content.count <= maxContentBytes else { throw HTTPError(413, "content larger than \(maxContentBytes) bytes") }
        // A media type as RFC 9110 writes it: type "/" subtype, then parameters; visible ASCII only, so it can
        // go back out in a header unchanged.
        let parts = contentType.split(separator: ";", maxSplits: 1)[0].split(separator: "/", omittingEmptySubsequences: false)
        guard contentType.utf8.count <= 255, parts.count == 2, !parts[0].isEmpty, !parts[1].trimmingSpaces().isEmpty,
              contentType.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw HTTPError(400, "content_type must be a media type such as application/pdf (at most 255 characters)")
        }
        return StoredData(contentType: contentType, content: content)
    }

    /// `{"content_type": ..., "content": "<base64>"}`, as detokenize answers a data id.
    static func write(_ stored: StoredData, into writer: inout JSONWriter) {
        writer.append("{\"content_type\":")
        writer.writeString(stored.contentType)
        writer.append(",\"content\":")
        writer.writeString(Data(stored.content).base64EncodedString())
        writer.append("}")
    }
}
