import Dispatch
import HTTPServer
import JSONCore
import Logging
import Synchronization
import Vault

/// `/healthz`: whether every store this node uses answers (each served region's, and the control store's,
/// without which no key is verified), and which do not. A check reads the stores, so it runs on a worker;
/// the last outcome is kept for the moments every worker is taken, when waiting for one would make a busy
/// node look dead to a load balancer. A store that stops answering is logged once (a warning), and once
/// again when it answers again (info): not once per check, which a load balancer makes every few seconds.
final class HealthCheck: Sendable {
    private let vault: Vault
    private let control: ControlStore
    private let logger: Logger
    /// The stores the last check found unavailable, by name (a region's code, or `control`).
    private let lastUnavailable: Mutex<[String]>

    /// How long a store may take to answer a check: a load balancer must see one that stopped answering.
    static let deadlineMilliseconds: Int64 = 2_000

    /// Checks once now (at start-up, off any event loop), so the first busy moment has an outcome to give.
    init(vault: Vault, control: ControlStore, logger: Logger) {
        self.vault = vault
        self.control = control
        self.logger = logger
        lastUnavailable = Mutex([])
        _ = check()
    }

    /// Checks the stores (may wait on them, each at most the deadline, all at once).
    func answer() -> HTTPResponse {
        response(unavailable: check())
    }

    /// The last check's outcome, without reading any store.
    func lastAnswer() -> HTTPResponse {
        response(unavailable: lastUnavailable.withLock { $0 })
    }

    /// The names of the stores that do not answer, and a log line for each that changed since the last check.
    private func check() -> [String] {
        let names = vault.servedRegions.map(\.code) + [ControlStore.keyringName]
        let answered = Mutex([Bool](repeating: false, count: names.count))
        // At once, not one after another: two stores down must not take twice the deadline.
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let ok = index < vault.servedRegions.count
                ? vault.isHealthy(vault.servedRegions[index])
                : control.answers(within: Self.deadlineMilliseconds)
            answered.withLock { $0[index] = ok }
        }
        let unavailable = answered.withLock { ok in names.indices.filter { !ok[$0] }.map { names[$0] } }
        let previous = lastUnavailable.withLock { last in
            defer { last = unavailable }
            return last
        }
        for name in unavailable where !previous.contains(name) {
            logger.warning("store unavailable", ["store": .string(name), "location": .string(location(of: name))])
        }
        for name in previous where !unavailable.contains(name) {
            logger.info("store available again", ["store": .string(name), "location": .string(location(of: name))])
        }
        return unavailable
    }

    /// Where a store lives, as messages name it (a file, or a connection string without its password).
    private func location(of name: String) -> String {
        Region(code: name).flatMap(vault.databasePath(for:)) ?? control.location
    }

    /// The names only: `/healthz` needs no key, and where the databases are is not every caller's business.
    /// `unavailable` only in a 503: a healthy node's answer stays what it always was.
    private func response(unavailable: [String]) -> HTTPResponse {
        var writer = JSONWriter()
        writer.append("{\"status\":")
        writer.writeString(unavailable.isEmpty ? "ok" : "unavailable")
        writer.append(",\"regions\":")
        Self.writeArray(vault.servedRegions.map(\.code), to: &writer)
        if !unavailable.isEmpty {
            writer.append(",\"unavailable\":")
            Self.writeArray(unavailable, to: &writer)
        }
        writer.append("}")
        return .json(unavailable.isEmpty ? 200 : 503, writer.bytes)
    }

    private static func writeArray(_ strings: [String], to writer: inout JSONWriter) {
        writer.append("[")
        for (i, string) in strings.enumerated() {
            if i > 0 { writer.append(",") }
            writer.writeString(string)
        }
        writer.append("]")
    }
}
