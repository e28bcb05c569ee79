import HTTPServer
import JSONCore
import Synchronization
import Vault

/// `/healthz`: whether every served region's store answers. A check reads the stores, so it runs on a
/// worker; the last outcome is kept for the moments every worker is taken, when waiting for one would make
/// a busy node look dead to a load balancer.
final class HealthCheck: Sendable {
    private let vault: Vault
    private let lastHealthy: Atomic<Bool>

    /// Checks once now (at start-up, off any event loop), so the first busy moment has an outcome to give.
    init(vault: Vault) {
        self.vault = vault
        lastHealthy = Atomic(vault.isHealthy())
    }

    /// Checks the stores (may wait on them).
    func answer() -> HTTPResponse {
        let healthy = vault.isHealthy()
        lastHealthy.store(healthy, ordering: .relaxed)
        return response(healthy: healthy)
    }

    /// The last check's outcome, without reading any store.
    func lastAnswer() -> HTTPResponse {
        response(healthy: lastHealthy.load(ordering: .relaxed))
    }

    private func response(healthy: Bool) -> HTTPResponse {
        var writer = JSONWriter()
        writer.append("{\"status\":")
        writer.writeString(healthy ? "ok" : "unavailable")
        writer.append(",\"regions\":[")
        for (i, region) in vault.servedRegions.enumerated() {
            if i > 0 { writer.append(",") }
            writer.writeString(region.code)
        }
        writer.append("]}")
        return .json(healthy ? 200 : 503, writer.bytes)
    }
}
