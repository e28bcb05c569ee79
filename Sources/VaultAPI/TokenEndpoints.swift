import HTTPServer
import JSONCore
import Vault

/// `POST /v1/d/pii/tokenize` and `POST /v1/d/pii/detokenize`; v2's `POST /customer/tokens` runs the same two
/// with its own member names.
struct TokenEndpoints: Sendable {
    let vault: Vault
    /// Sends the keys of other regions' tokens to their nodes; nil where calls are never forwarded.
    let reveals: ForwardedReveals?
    /// The member of a tokenize answer holding the tokens: `tokens` (v1) or `data` (v2).
    var tokensField: StaticString = "tokens"
    /// The member of a detokenize request holding the tokens: `tokens` (v1) or `data` (v2).
    var detokenizeField = "tokens"

    /// Answers after the values are durably stored (from the store's writer thread).
    func tokenize(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let region = try APIRequest.region(request, vault: vault, tenantDefault: caller.key.defaultRegion)
        let entries = try APIRequest.batch(try request.jsonObject(), field: "data")
        let keys = entries.map(\.key), values = entries.map { $0.value.serialized }, field = tokensField
        return .later { [vault] answer in
            vault.tokenize(tenant: caller.tenant, region: region, values: values, context: caller.context) { results in
                // This runs on the store's writer thread: the answer is serialized on the event loop.
                answer.send { Self.tokenizeResponse(keys, results, field: field) }
            }
        }
    }

    static func tokenizeResponse(_ keys: [String], _ results: [Result<Token, RecordError>], field: StaticString = "tokens") -> HTTPResponse {
        batchResponse(successField: field, keys, results, capacity: 32 + keys.count * 96) { token, writer in
            writer.writeString(token.string)
        }
    }

    func detokenize(_ request: HTTPRequest, _ caller: KeyCaller) throws -> Reply {
        let entries = try APIRequest.batch(try request.jsonObject(), field: detokenizeField)
        // A value that is not a string is an invalid token for that key alone.
        let texts = entries.map { $0.value.stringValue ?? "" }
        let keys = entries.map(\.key)
        // Each kind of token needs its own scope: a key without it gets permission_denied_error for that key.
        let scopes = caller.key.scopes
        var allowed = Set<RecordKind>()
        if scopes.contains(.detokenize) { allowed.insert(.value) }
        if scopes.contains(.profilesRead) { allowed.formUnion([.profile, .address]) }
        if scopes.contains(.dataRead) { allowed.insert(.data) }
        if let reveals, let remote = reveals.remoteParts(texts) {
            return .later { [allowed] answer in
                reveals.detokenize(keys: keys, texts: texts, allowed: allowed, remote: remote, caller: caller, answer: answer)
            }
        }
        // Answered once the audit record of this reveal is durable (from a store's writer thread).
        return .later { [vault, allowed] answer in
            vault.detokenize(tenant: caller.tenant, tokens: texts, allowed: allowed, context: caller.context) { results in
                answer.send { Self.detokenizeResponse(keys, results) }
            }
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
