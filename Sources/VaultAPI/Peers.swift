import HTTPClient
import HTTPServer
import Locking
import Logging
import Vault

/// The nodes serving the regions this node does not (`serve --peer US=https://...`), and the threads its
/// forwarded calls wait on (never an event loop, never a store worker). A call forwarded to a peer carries
/// who the caller is, as this node authenticated it, in three headers the peer trusts only over the peer
/// channel: the `Tenant`, the key id and the key's scopes. The caller's secret never leaves this node.
package struct Peers: Sendable {
    static let keyHeader = "piivault-forwarded-key"
    static let scopesHeader = "piivault-forwarded-scopes"
    /// The path prefix of the peer listener's routes: a forwarded call is `/peer` + the original path.
    package static let pathPrefix = "/peer"

    let clients: [Region: PeerClient]
    let workers: WorkerPool
    /// Failed calls per region not logged yet, and when the last line was (wall milliseconds).
    private let unlogged = Locked<[Region: (count: Int, loggedAt: Int64)]>([:])

    /// `workers`: where forwarded calls wait for their peer (each holds a thread for at most the peer timeout).
    package init(clients: [Region: PeerClient], workers: WorkerPool) {
        self.clients = clients
        self.workers = workers
    }

    package var regions: [Region] { clients.keys.sorted { $0.code < $1.code } }

    /// Logs a failed forwarded call: at most one line a second per region, counting the failures since the last
    /// one (a peer down for three seconds under load fails thousands of calls; the log needs one line a second).
    func reportFailure(_ failure: HTTPClientError, region: Region, requestID: String, logger: Logger) {
        let now = WallClock.milliseconds()
        let count = unlogged.withLock { unlogged -> Int in
            var entry = unlogged[region] ?? (0, 0)
            entry.count += 1
            defer { unlogged[region] = entry }
            guard now - entry.loggedAt >= 1_000 else { return 0 }
            defer { entry = (0, now) }
            return entry.count
        }
        guard count > 0 else { return }
        logger.warning("peer did not answer", ["request_id": .string(requestID), "region": .string(region.code),
                                               "reason": .string(Forwarding.outcome(of: failure)), "failed_calls": .int(count)])
    }

    /// Sends `request` (its method, path and query, body and the headers a route reads) to the node of
    /// `region` on the caller's behalf; `residency` pins where new data goes on the peer (its own default
    /// region for the tenant may differ from the one this node resolved).
    /// `deadline`: from `client.deadline()`, taken when the call was queued, so time spent waiting for a thread
    /// counts against the peer timeout.
    func forward(_ request: HTTPRequest, to client: PeerClient, caller: KeyCaller, residency: Region? = nil,
                 body: [UInt8]? = nil, deadline: Int) -> Result<ClientResponse, HTTPClientError> {
        var headers: [(String, String)] = [("Tenant", caller.tenant.name), ("X-Request-Id", caller.requestID),
                                           (Self.keyHeader, caller.key.id),
                                           (Self.scopesHeader, caller.key.scopes.map(\.rawValue).sorted().joined(separator: ","))]
        if let type = request.headers["content-type"] { headers.append(("Content-Type", type)) }
        if let residency { headers.append(("Residency-Region", residency.code)) }
        return Result { () throws(HTTPClientError) in
            // HEAD goes as GET: this node's server leaves the body out of its answer, as for its own routes.
            try client.send(method: request.method == "HEAD" ? "GET" : request.method, target: Self.pathPrefix + request.target,
                            headers: headers, body: body ?? request.body, deadline: deadline)
        }
    }
}
