import Foundation
import VaultCrypto

/// Moves the anchors of a running server's chains forward: once per `interval` it reads each chain's head
/// on a read-only connection of its own and anchors it if it moved. Off the request path, so durable
/// writes cost no more; the price is that after a crash the records of the last interval may lie beyond
/// the anchor. `close()` anchors one last time, after the stores have committed everything.
package final class AuditAnchorKeeper: @unchecked Sendable {
    package struct Chain: Sendable {
        let name: String
        let path: String
        let key: HMACKey
    }

    private let chains: [Chain]
    private let dataDirectory: String
    private let engine: any StoreEngine
    private let interval: TimeInterval
    private let report: @Sendable (_ chain: String, _ error: String) -> Void
    private let condition = NSCondition()
    private var stopping = false
    private var stopped = false
    /// Touched only by the keeper's thread, then by `close()` once that thread has finished.
    private var connections: [String: any ChainConnection] = [:]
    private var anchoredSeq: [String: Int64] = [:]

    /// The chains a server holds: the control chain, each served region's and the set-up chain, with the
    /// keys of their keyrings. `report` gets failures (a chain's name and a message naming files, nothing else).
    package init(dataDirectory: String, keysDirectory: String, regions: [Region], engine: any StoreEngine,
                 interval: TimeInterval = 1, report: @escaping @Sendable (_ chain: String, _ error: String) -> Void) throws {
        let held = Set([ControlStore.keyringName, AuditFiles.setupChainName] + regions.map(\.code))
        chains = try AuditFiles.chains(dataDirectory: dataDirectory, engine: engine).filter { held.contains($0.name) }.map { chain in
            let keyring = try VaultKeyring.load(chain.keyringName, keysDirectory: keysDirectory, store: chain.path, engine: engine)
            return Chain(name: chain.name, path: chain.path, key: keyring.chainKey)
        }
        self.dataDirectory = dataDirectory
        self.engine = engine
        self.interval = interval
        self.report = report
        let thread = Thread { [self] in run() }
        thread.name = "audit-anchors"
        thread.start()
    }

    package func close() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
        anchorAll()
        connections.removeAll()
    }

    private func run() {
        condition.lock()
        while !stopping {
            condition.unlock()
            anchorAll()
            condition.lock()
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: interval)) }
        }
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func anchorAll() {
        for chain in chains {
            do {
                let audit = try connection(chain).tables.audit
                let seq = try audit.link().seq
                guard anchoredSeq[chain.name] != seq else { continue }
                try AuditAnchors.advance(audit, chain: chain.name, key: chain.key, dataDirectory: dataDirectory)
                anchoredSeq[chain.name] = seq
            } catch {
                report(chain.name, String(describing: error))
            }
        }
    }

    private func connection(_ chain: Chain) throws -> any ChainConnection {
        if let open = connections[chain.name] { return open }
        let connection = try engine.openChain(at: chain.path)
        connections[chain.name] = connection
        return connection
    }
}
