import Foundation
import HTTPServer
import JSONCore
import Vault

/// `/v1/d/pii/data`: store a file (JSON with base64 content, or the raw bytes), read it back, delete it.
/// Writes need `data:write`, reads `data:read`.
struct DataEndpoints: Sendable {
    let vault: Vault
    /// The largest content accepted, decoded; larger is 413.
    let maxContentBytes: Int

    /// The HTTP body limit this needs: base64 in JSON is 4/3 of the content, plus room for the envelope.
    static func bodyLimit(forContent bytes: Int) -> Int { (bytes + 2) / 3 * 4 + 64 * 1024 }

    func store(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let region = try APIRequest.region(request, vault: vault, tenantDefault: caller.key.defaultRegion)
        let (data, ttl) = try DataUpload.parse(request, maxContentBytes: maxContentBytes)
        return .later { [vault] answer in
            vault.storeData(tenant: caller.tenant, region: region, data: data, ttlDays: ttl, context: caller.context) { result in
                answer.send(result, noun: "data") { id in
                    var writer = JSONWriter(capacity: 64)
                    writer.append("{\"id\":")
                    writer.writeString(id.string)
                    writer.append("}")
                    return .json(201, writer.bytes)
                }
            }
        }
    }

    func get(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = Self.dataID(request)
        return .later { [vault] answer in
            vault.data(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "data") { stored in
                    // Served as a download, never rendered or sniffed by a browser, never cached.
                    HTTPResponse(status: 200, headers: HTTPHeaders([
                        ("content-type", stored.contentType), ("x-content-type-options", "nosniff"),
                        ("content-disposition", "attachment"), ("cache-control", "no-store"),
                    ]), body: stored.content)
                }
            }
        }
    }

    func delete(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let id = Self.dataID(request)
        return .later { [vault] answer in
            vault.deleteData(tenant: caller.tenant, id: id, context: caller.context) { result in
                answer.send(result, noun: "data") { _ in HTTPResponse(status: 204) }
            }
        }
    }

    private static func dataID(_ request: HTTPRequest) -> String { request.pathParameters["data_id"] ?? "" }

    /// `{"content_type": ..., "content": "<base64>"}`, as detokenize answers a data id.
    static func write(_ stored: StoredData, into writer: inout JSONWriter) {
        writer.append("{\"content_type\":")
        writer.writeString(stored.contentType)
        writer.append(",\"content\":")
        writer.writeString(Data(stored.content).base64EncodedString())
        writer.append("}")
    }
}
