import HTTPServer
import JSONCore
import Vault

/// `POST /v1/d/pii/tokenize` and `POST /v1/d/pii/detokenize`.
struct TokenEndpoints: Sendable {
    let vault: Vault
    let access: Access

    /// Answers after the values are durably stored (from the store's writer thread).
    func tokenize(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey, tenant: Tenant, region: Region, entries: [JSONMember]
        do {
            key = try access.authorize(request, anyOf: [.tokenize])
            tenant = key.tenant
            region = try APIRequest.region(request, vault: vault, tenantDefault: key.defaultRegion)
            entries = try APIRequest.batch(try request.jsonObject(), field: "data")
        } catch {
            return responder.send(error)
        }
        let keys = entries.map(\.key)
        let context = AuditContext(key, responder)
        vault.tokenize(tenant: tenant, region: region, values: entries.map { $0.value.serialized },
                       context: context) { results in
            // This runs on the store's writer thread: leave the serializing to the event loop.
            responder.send { Self.tokenizeResponse(keys, results) }
        }
    }

    static func tokenizeResponse(_ keys: [String], _ results: [Result<Token, RecordError>]) -> HTTPResponse {
        batchResponse(successField: "tokens", keys, results, capacity: 32 + keys.count * 96) { token, writer in
            writer.writeString(token.string)
        }
    }

    func detokenize(_ request: HTTPRequest, _ responder: ResponseSink) {
        let key: APIKey, entries: [JSONMember]
        do {
            key = try access.authorize(request, anyOf: [.detokenize, .profilesRead, .dataRead])
            entries = try APIRequest.batch(try request.jsonObject(), field: "tokens")
        } catch {
            return responder.send(error)
        }
        // A value that is not a string is an invalid token for that key alone.
        let texts = entries.map { $0.value.stringValue ?? "" }
        let keys = entries.map(\.key)
        // Each kind of token needs its own scope: a key without it gets permission_denied_error for that key.
        var allowed = Set<RecordKind>()
        if key.scopes.contains(.detokenize) { allowed.insert(.value) }
        if key.scopes.contains(.profilesRead) { allowed.formUnion([.profile, .address]) }
        if key.scopes.contains(.dataRead) { allowed.insert(.data) }
        // Answered once the audit record of this reveal is durable (from a store's writer thread).
        vault.detokenize(tenant: key.tenant, tokens: texts, allowed: allowed,
                         context: AuditContext(key, responder)) { results in
            responder.send { Self.detokenizeResponse(keys, results) }
        }
    }

    static func detokenizeResponse(_ keys: [String], _ results: [Vault.RevealResult]) -> HTTPResponse {
        let capacity = 64 + results.reduce(0) { total, r in
            switch r {
            case .success(.value(let v)): total + v.count + 32
            case .success(.data(let d)): total + d.content.count * 4 / 3 + 128
            case .success: total + 512
            case .failure: total
            }
        }
        return batchResponse(successField: "data", keys, results, capacity: capacity) { revealed, writer in
            switch revealed {
            case .value(let json): writer.appendRaw(json)
            case .profile(let profile): ProfileJSON.write(profile, into: &writer)
            case .address(let address): ProfileJSON.write(address, into: &writer)
            case .data(let stored): DataEndpoints.write(stored, into: &writer)
            }
        }
    }

    /// `{"<successField>": {key: value...}, "errors": {key: code...}}`, keys in request order.
    private static func batchResponse<T>(successField: StaticString, _ keys: [String], _ results: [Result<T, RecordError>],
                                         capacity: Int, writeValue: (T, inout JSONWriter) -> Void) -> HTTPResponse {
        var writer = JSONWriter(capacity: capacity)
        writer.append("{\"")
        writer.append(successField)
        writer.append("\":")
        writeMembers(keys, results, into: &writer) { result, writer in
            guard case .success(let value) = result else { return false }
            writeValue(value, &writer)
            return true
        }
        writer.append(",\"errors\":")
        writeMembers(keys, results, into: &writer) { result, writer in
            guard case .failure(let error) = result else { return false }
            writer.writeString(error.rawValue)
            return true
        }
        writer.append("}")
        return .json(200, writer.bytes)
    }

    /// An object of the keys whose result `write` accepts (returns true for), in order.
    private static func writeMembers<T>(_ keys: [String], _ results: [Result<T, RecordError>], into writer: inout JSONWriter,
                                        _ write: (Result<T, RecordError>, inout JSONWriter) -> Bool) {
        writer.append("{")
        var first = true
        for (key, result) in zip(keys, results) {
            let mark = writer.bytes.count
            if !first { writer.append(",") }
            writer.writeString(key)
            writer.append(":")
            if write(result, &writer) {
                first = false
            } else {
                writer.truncate(to: mark)
            }
        }
        writer.append("}")
    }
}
