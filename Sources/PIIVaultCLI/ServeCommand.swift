import Clienteling
import Foundation
import HTTPServer
import Logging
import Vault
import VaultAPI

/// `piivault serve`: open the vault, serve HTTP, and stop cleanly on SIGTERM or SIGINT.
struct ServeCommand {
    let options: ServeOptions

    func run() throws {
        let logger = Logger.shared
        logger.minimum = Logger.Level(name: options.logLevel) ?? .info
        logger.format = options.logFormat
        // Block the stop signals in every thread (threads inherit the mask) and wait for them here.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)

        let peering = try PeerWiring(options)
        let engine = try StoreWiring.engine(options.stores)
        let control = try ControlStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory, engine: engine)
        let vault = try Vault(configuration: options.vaultConfiguration, engine: engine, logger: logger)
        let access = Access(control: control, rateLimit: options.rateLimit)
        // Work that may wait leaves the event loops for these: store reads (short), and /setup's provider
        // calls (seconds at worst), on threads of their own so those never hold up a read.
        // Each connection has at most one request in the handler, so a queue as long as the connection limit
        // never refuses a request the server accepted: store reads answer under load as they did on the loop.
        let workers = WorkerPool(name: "vault-worker", maxQueued: options.maxConnections)
        let setupWorkers = WorkerPool(name: "setup-worker", threads: 8, maxQueued: 256)
        var router = PIIRoutes.router(vault: vault, access: access, logger: logger, maxDataBytes: options.maxDataBytes,
                                      openAPIParts: [OpenAPI.clientelingSetup], workers: workers, peers: peering.peers,
                                      legacyV0: options.legacyV0)
        let setup: SetupStore
        do {
            setup = try SetupWiring.openStore(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory,
                                              engine: engine)
            let onboarding = Onboarding(store: setup, provider: try options.telephonyProvider())
            // Purchases a previous run left between buying and recording: settled with the provider, off the
            // start-up path (the provider may be slow or down; those stay pending).
            Thread.detachNewThread {
                let settled = onboarding.settleInterruptedPurchases()
                if settled > 0 { logger.info("settled interrupted number purchases", ["count": .int(settled)]) }
            }
            SetupRoutes(onboarding: onboarding, documents: SetupWiring.documents(vault), documentRegions: options.documentRegions,
                        authorize: SetupWiring.authorizer(access),
                        shoppers: try SetupWiring.shoppers(vault, webhookURL: options.setupWebhookURL,
                                                           keysDirectory: options.keysDirectory), logger: logger,
                        workers: setupWorkers).register(on: &router)
        } catch {
            vault.close()
            throw error
        }
        let anchors: AuditAnchorKeeper
        do {
            anchors = try AuditAnchorKeeper(dataDirectory: options.dataDirectory, keysDirectory: options.keysDirectory,
                                            regions: options.regions, engine: engine) { chain, error in
                logger.error("cannot anchor an audit chain", ["chain": .string(chain), "error": .string(error)])
            }
        } catch {
            setup.close()
            vault.close()
            throw error
        }
        let server = HTTPServer(configuration: options.serverConfiguration, handler: router, logger: logger)
        let peerServer: MutualTLSServer?
        do {
            do {
                try server.start()
            } catch {
                throw VaultError.configuration("cannot listen on \(options.host):\(options.port): \(error)")
            }
            peerServer = try peering.startListener(options, vault: vault, control: control, workers: workers, logger: logger)
        } catch {
            server.shutdown()
            setup.close()
            vault.close()
            anchors.close()
            throw error
        }
        logger.announce("listening", ["host": .string(options.host), "port": .int(server.port),
                                  "data_dir": .string(Self.absolute(options.dataDirectory)),
                                  "keys_dir": .string(Self.absolute(options.keysDirectory)),
                                  "regions": .string(options.regions.map(\.code).joined(separator: ",")),
                                  "default_region": .string(options.defaultRegion.code)])
        if peerServer != nil || peering.peers != nil {
            logger.announce("peer channel", ["peer_host": .string(options.peerListen?.host ?? ""), "peer_port": .int(peerServer?.port ?? 0),
                                             "peers": .string(peering.peers?.regions.map(\.code).joined(separator: ",") ?? "")])
        }
        logger.flush()

        var received: Int32 = 0
        sigwait(&signals, &received)
        logger.announce("stopping", ["signal": .int(Int(received))])
        server.shutdown()
        peerServer?.shutdown()
        peering.forwardWorkers?.close()
        // Requests still running on a worker finish before their stores close.
        workers.close()
        setupWorkers.close()
        setup.close()
        vault.close()
        // After the stores' last commits, so the anchors name the chains' final records.
        anchors.close()
        logger.announce("stopped")
        logger.flush()
    }

    /// Which directories, unambiguously: the log is read by someone who was not in this shell.
    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
