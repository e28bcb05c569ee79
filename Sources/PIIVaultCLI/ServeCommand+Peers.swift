import HTTPClient
import HTTPServer
import Logging
import TLS
import Vault
import VaultAPI

/// The peer channel of `serve`: the nodes this one forwards to (`--peer`) and the listener for calls other
/// nodes forward (`--peer-listen`), both over mutual TLS with the certificates of the keys directory.
struct PeerWiring {
    let credentials: TLSPeerCredentials?
    let peers: Peers?
    let forwardWorkers: WorkerPool?

    /// Loads the certificates when either side is configured: a missing or unusable file stops the start,
    /// naming it, before any store is opened.
    init(_ options: ServeOptions) throws {
        guard !options.peers.isEmpty || options.peerListen != nil else {
            credentials = nil
            peers = nil
            forwardWorkers = nil
            return
        }
        let credentials: TLSPeerCredentials
        do {
            credentials = try TLSPeerCredentials.load(keysDirectory: options.keysDirectory)
        } catch {
            throw VaultError.configuration("the peer channel cannot start: \(error)")
        }
        self.credentials = credentials
        guard !options.peers.isEmpty else {
            peers = nil
            forwardWorkers = nil
            return
        }
        var configuration = PeerClient.Configuration()
        configuration.timeoutMilliseconds = options.peerTimeout
        configuration.connectTimeoutMilliseconds = min(1_000, options.peerTimeout)
        // A peer's answer can be as large as this node's own largest (25 data entries), held in memory once.
        configuration.maxResponseBytes = PIIRoutes.largestAnswer(maxDataBytes: options.maxDataBytes)
        // Each forwarded call holds one of these threads for at most the peer timeout.
        let workers = WorkerPool(name: "peer-forward", threads: 32, maxQueued: options.maxConnections)
        forwardWorkers = workers
        peers = Peers(clients: options.peers.mapValues { PeerClient(url: $0, credentials: credentials, configuration: configuration) },
                      workers: workers)
    }

    /// The listener for forwarded calls, started; nil without `--peer-listen`.
    func startListener(_ options: ServeOptions, vault: Vault, control: ControlStore, workers: WorkerPool,
                       logger: Logger) throws -> MutualTLSServer? {
        guard let listen = options.peerListen, let credentials else { return nil }
        var configuration = MutualTLSServer.Configuration()
        configuration.host = listen.host
        configuration.port = listen.port
        configuration.limits = options.serverConfiguration.limits
        let router = PIIRoutes.peerRouter(vault: vault, control: control, sharedControl: options.stores.control != nil,
                                          logger: logger, maxDataBytes: options.maxDataBytes, workers: workers)
        let server = MutualTLSServer(configuration: configuration, credentials: credentials, handler: router, logger: logger)
        do {
            try server.start()
        } catch {
            throw VaultError.configuration("cannot listen for peers on \(listen.host):\(listen.port): \(error)")
        }
        return server
    }
}
