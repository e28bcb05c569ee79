import HTTPServer
import JSONCore
import Logging
import Vault

/// `POST /v1/d/pii/tokenize` and `POST /v1/d/pii/detokenize`.
struct TokenEndpoints: Sendable {
    let vault: Vault
    let logger: Logger

    /// Answers after the values are durably stored (from the store's writer thread).
    func tokenize(_ request: HTTPRequest, _ responder: ResponseSink) {
        let tenant: Tenant, region: Region, entries: [JSONMember]
        do {
            tenant = try APIRequest.tenant(request)
            region = try APIRequest.region(request, vault: vault)
            entries = try APIRequest.batch(try APIRequest.jsonObject(request), field: "data")
        } catch {
            return responder.send(error)
        }
        let keys = entries.map(\.key)
        vault.tokenize(tenant: tenant, region: region, values: entries.map { $0.value.serialized }) { results in
            // This runs on the store's writer thread: leave the serializing to the event loop.
            responder.send { Self.tokenizeResponse(keys, results) }
        }
    }

    static func tokenizeResponse(_ keys: [String], _ results: [Result<Token, RecordError>]) -> HTTPResponse {
        var writer = JSONWriter(capacity: 32 + keys.count * 96)
        writer.append("{\"tokens\":{")
        var first = true
        for (key, result) in zip(keys, results) {
            guard case .success(let token) = result else { continue }
            if !first { writer.append(",") }
            first = false
            writer.writeString(key)
            writer.append(":\"")
            writer.appendRaw(Array(token.string.utf8))
            writer.append("\"")
        }
        writer.append("},\"errors\":")
        Self.writeErrors(keys, results, into: &writer)
        writer.append("}")
        return .json(200, writer.bytes)
    }

    func detokenize(_ request: HTTPRequest, _ responder: ResponseSink) {
        let tenant: Tenant, entries: [JSONMember]
        do {
            tenant = try APIRequest.tenant(request)
            entries = try APIRequest.batch(try APIRequest.jsonObject(request), field: "tokens")
        } catch {
            return responder.send(error)
        }
        // A value that is not a string is an invalid token for that key alone.
        let texts = entries.map { $0.value.stringValue ?? "" }
        let keys = entries.map(\.key)
        let results = vault.detokenize(tenant: tenant, tokens: texts)
        var writer = JSONWriter(capacity: 64 + results.reduce(0) { total, r in
            if case .success(let v) = r { return total + v.count + 32 }
            return total
        })
        writer.append("{\"data\":{")
        var first = true
        for (key, result) in zip(keys, results) {
            guard case .success(let value) = result else { continue }
            if !first { writer.append(",") }
            first = false
            writer.writeString(key)
            writer.append(":")
            writer.appendRaw(value)
        }
        writer.append("},\"errors\":")
        Self.writeErrors(keys, results, into: &writer)
        writer.append("}")
        responder.send(.json(200, writer.bytes))
    }

    private static func writeErrors<T>(_ keys: [String], _ results: [Result<T, RecordError>], into writer: inout JSONWriter) {
        writer.append("{")
        var first = true
        for (key, result) in zip(keys, results) {
            guard case .failure(let error) = result else { continue }
            if !first { writer.append(",") }
            first = false
            writer.writeString(key)
            writer.append(":\"")
            writer.appendRaw(Array(error.rawValue.utf8))
            writer.append("\"")
        }
        writer.append("}")
    }
}
