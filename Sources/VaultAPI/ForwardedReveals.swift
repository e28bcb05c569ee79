import HTTPClient
import HTTPServer
import JSONCore
import Locking
import Vault

/// A detokenize batch holding tokens of regions other nodes serve: the local keys are answered here, the
/// others go as one batch per region to that region's node, all at once, and the answers are merged key by
/// key in the caller's order. A peer that is down or slower than its timeout costs its own keys only
/// (`retryable_error`); a tenant that forbids cross-region reads gets `permission_denied_error` for them,
/// and nothing is sent. Each forwarded part leaves an audit record here (region, key count, outcome); the
/// owning node audits the reveal itself.
struct ForwardedReveals: Sendable {
    let vault: Vault
    let forwarding: Forwarding

    /// The keys (by index) a peer should answer, by region; nil when every key is this node's to answer.
    func remoteParts(_ texts: [String]) -> [Region: [Int]]? {
        var parts: [Region: [Int]] = [:]
        for (index, text) in texts.enumerated() {
            guard let region = Self.region(of: text), !vault.serves(region), forwarding.peers.clients[region] != nil else { continue }
            parts[region, default: []].append(index)
        }
        return parts.isEmpty ? nil : parts
    }

    /// The region a token or id names by its `NS-XX-` prefix, without parsing the rest (the owning node does).
    static func region(of text: String) -> Region? {
        let utf8 = text.utf8
        guard utf8.count > 6, utf8.starts(with: "NS-".utf8), utf8[utf8.index(utf8.startIndex, offsetBy: 5)] == UInt8(ascii: "-") else {
            return nil
        }
        return Region(code: String(text.dropFirst(3).prefix(2)))
    }

    func detokenize(keys: [String], texts: [String], allowed: Set<RecordKind>, remote: [Region: [Int]], caller: KeyCaller,
                    answer: Answer) {
        let remoteIndices = Set(remote.values.joined())
        let local = texts.indices.filter { !remoteIndices.contains($0) }
        let merge = RevealMerge(count: texts.count, parts: remote.count + (local.isEmpty ? 0 : 1)) { results in
            answer.send { TokenEndpoints.detokenizeResponse(keys, results) }
        }
        if !local.isEmpty {
            vault.detokenize(tenant: caller.tenant, tokens: local.map { texts[$0] }, allowed: allowed, context: caller.context) { results in
                merge.fill(local, results)
            }
        }
        for (region, indices) in remote {
            guard caller.key.crossRegionReads else {
                record(region, indices.count, Forwarding.forbidden, caller) { _ in
                    merge.fill(indices, indices.map { _ in .failure(.permissionDenied) })
                }
                continue
            }
            let client = forwarding.peers.clients[region]!
            let deadline = client.deadline()
            let queued = forwarding.peers.workers.submit {
                let (results, outcome) = self.ask(client, region, indices.map { (keys[$0], texts[$0]) }, caller, deadline)
                self.record(region, indices.count, outcome, caller) { recorded in
                    // No record of the forward here, no reveal through here.
                    merge.fill(indices, recorded ? results : indices.map { _ in .failure(.internalError) })
                }
            }
            if !queued { merge.fill(indices, indices.map { _ in .failure(.retryable) }) }
        }
    }

    /// The peer's results for `entries` (key, token), in their order, and the audit outcome.
    private func ask(_ client: PeerClient, _ region: Region, _ entries: [(key: String, token: String)],
                     _ caller: KeyCaller, _ deadline: Int) -> ([Vault.RevealResult], String) {
        var writer = JSONWriter(capacity: 32 + entries.count * 96)
        writer.append("{\"tokens\":{")
        for (i, entry) in entries.enumerated() {
            if i > 0 { writer.append(",") }
            writer.writeString(entry.key)
            writer.append(":")
            writer.writeString(entry.token)
        }
        writer.append("}}")
        let request = HTTPRequest(method: "POST", target: "/v1/d/pii/detokenize",
                                  headers: HTTPHeaders([("content-type", "application/json")]))
        let every = { (error: RecordError) in entries.map { _ in Vault.RevealResult.failure(error) } }
        switch forwarding.peers.forward(request, to: client, caller: caller, body: writer.bytes, deadline: deadline) {
        case .failure(let failure):
            forwarding.peers.reportFailure(failure, region: region, requestID: caller.requestID, logger: forwarding.logger)
            return (every(Forwarding.isPeerDown(failure) ? .retryable : .internalError), Forwarding.outcome(of: failure))
        case .success(let answered) where answered.status != 200:
            let error: RecordError = switch answered.status {
            case 401, 403: .permissionDenied
            case 429, 503: .retryable
            default: .internalError
            }
            return (every(error), "answered \(answered.status)")
        case .success(let answered):
            guard let body = try? JSONParser.parse(answered.body), let data = body["data"]?.objectMembers,
                  let errors = body["errors"]?.objectMembers else {
                return (every(.internalError), "answered 200, unreadable")
            }
            var values: [String: [UInt8]] = [:]
            for member in data { values[member.key] = member.value.serialized }
            var codes: [String: RecordError] = [:]
            for member in errors { codes[member.key] = member.value.stringValue.flatMap(RecordError.init(rawValue:)) ?? .internalError }
            let results = entries.map { entry -> Vault.RevealResult in
                if let value = values[entry.key] { return .success(.value(value)) }
                return .failure(codes[entry.key] ?? .internalError)
            }
            let revealed = values.count
            return (results, "answered 200, \(revealed) revealed, \(entries.count - revealed) not")
        }
    }

    private func record(_ region: Region, _ count: Int, _ outcome: String, _ caller: KeyCaller,
                        then: @escaping @Sendable (Bool) -> Void) {
        vault.recordForward("detokenize", tenant: caller.tenant, tenantRegion: caller.key.defaultRegion, to: region, count: count,
                            outcome: outcome, context: caller.context) { written in
            if case .failure = written { then(false) } else { then(true) }
        }
    }
}

/// Results arriving in parts from several threads, answered once when the last part is in.
final class RevealMerge: Sendable {
    private let state: Locked<(results: [Vault.RevealResult], parts: Int)>
    private let done: @Sendable ([Vault.RevealResult]) -> Void

    init(count: Int, parts: Int, done: @escaping @Sendable ([Vault.RevealResult]) -> Void) {
        state = Locked((Array(repeating: .failure(.internalError), count: count), parts))
        self.done = done
    }

    func fill(_ indices: [Int], _ results: [Vault.RevealResult]) {
        let finished = state.withLock { state -> [Vault.RevealResult]? in
            for (index, result) in zip(indices, results) { state.results[index] = result }
            state.parts -= 1
            return state.parts == 0 ? state.results : nil
        }
        if let finished { done(finished) }
    }
}
