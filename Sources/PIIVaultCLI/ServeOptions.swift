import Clienteling
import Foundation
import HTTPClient
import HTTPServer
import Logging
import Vault
import VaultAPI

/// Options of `piivault serve`.
package struct ServeOptions: Equatable {
    package var host = "127.0.0.1"
    package var port = 8080
    package var dataDirectory = "./data"
    package var keysDirectory = "./Keys"
    /// Stores on PostgreSQL instead of the data directory's files.
    package var stores = StoreOptions()
    package var regions: [Region] = Region.allCases
    package var defaultRegion: Region = .eu
    package var logLevel = "info"
    /// Of every line serve writes to standard error, start-up errors included.
    package var logFormat = LogFormat.json
    package var eventLoops = 0
    package var maxConnections = 4096
    package var maxBodyBytes = 1024 * 1024
    package var maxValueBytes = 64 * 1024
    package var maxDataBytes = PIIRoutes.defaultMaxDataBytes
    /// Requests per second per API key; nil for no limit.
    package var rateLimit: Int?
    /// The telephony provider of the Clienteling Setup API: `local` (sandbox) or `twilio`.
    package var provider = "local"
    package var providerData: String?
    package var providerURL: String?
    package var providerCAFile: String?
    package var documentRegions = DocumentRegions()
    /// The URL the provider calls for inbound messages, as given to it: what its signatures cover.
    package var setupWebhookURL: String?
    /// A tenant's data key stops sealing at this age (milliseconds).
    package var dataKeyMaxAge = VaultConfiguration.defaultTokenTTLMilliseconds
    /// The deletion ledger's copy outside the data directory (`--deletion-ledger FILE`).
    package var deletionLedger: String?
    /// The node of each region this node does not serve (`--peer US=https://...`).
    package var peers: [Region: ClientURL] = [:]
    /// Where forwarded calls are accepted, over mutual TLS (`--peer-listen HOST:PORT`).
    package var peerListen: PeerListen?
    package struct PeerListen: Equatable, Sendable {
        package let host: String
        package let port: Int
    }
    /// How long a forwarded call may take before its keys are `retryable_error` (milliseconds).
    package var peerTimeout = 2_000
    /// Whether the legacy v0 customers API (`/v0/d/consumer_profiles`) is served (`--legacy-v0`).
    package var legacyV0 = false

    static let valuedOptions: Set<String> = (["host", "port", "data-dir", "keys-dir", "regions", "default-region",
                                             "log-level", "event-loops", "max-connections", "max-body-bytes",
                                             "max-value-bytes", "max-data-bytes", "rate-limit", "provider",
                                             "provider-data", "provider-url", "provider-ca-file",
                                             "setup-document-regions", "setup-webhook-url", "log-format", "data-key-max-age", "deletion-ledger", "peer-listen",
                                             "peer-timeout-ms"] as Set<String>).union(StoreOptions.valued)

    static let help = """
        USAGE: piivault serve [options]

        Serves the vault API until SIGTERM or SIGINT, then stops accepting, finishes in-flight requests and
        closes the stores. Refuses to start when a needed keyring is missing or readable by group/others.

        OPTIONS:
          --host H                 Address to listen on (default 127.0.0.1)
          --port P                 TCP port, 0 for any free one (default 8080)
          --data-dir DIR           Where the region databases live (default ./data)
          --keys-dir DIR           Where the region keyrings live (default ./Keys)
          --regions LIST           Regions this node serves, e.g. EU or EU,US (default EU,US); only their keys
                                   and stores are opened
          --default-region R       Region for new data without a Residency-Region header (default EU when
                                   served, else the first served region)
          --log-level L            debug, info, warning or error (default info; info logs every request)
          --log-format F           json (one object per line, the default) or text; start-up errors too
          --event-loops N          HTTP event-loop threads (default: one per core)
          --max-connections N      Open connections before new ones get 503 (default 4096)
          --max-body-bytes N       Largest request body, else 413 (default 1048576)
          --max-value-bytes N      Largest single value to tokenize, as JSON text, else a per-key
                                   value_too_large_error (default 65536)
          --max-data-bytes N       Largest data entry (POST /v1/d/pii/data), decoded, else 413
                                   (default 10485760); that route's body limit follows from it
          --rate-limit N           At most N requests per second per API key (token bucket, bursts of N);
                                   over it is 429 with Retry-After (default: no limit)
          --provider P             Telephony provider of the /setup API: local (a sandbox answering from a
                                   JSON inventory, the default) or twilio (credentials from
                                   <keys-dir>/twilio.credentials)
          --provider-data FILE     The local provider's inventory instead of the one built in
          --provider-url URL       Base URL of every Twilio API host (default: Twilio's own hosts); http://
                                   only for loopback test fakes
          --provider-ca-file FILE  Trust these CA certificates (PEM) for the provider instead of the system's
          --setup-document-regions LIST
                                   Vault region of regulatory documents per store country, e.g. GB=EU,CH=EU
                                   (default: EU member states EU, all others US)
          --setup-webhook-url URL  The public URL the provider calls for inbound messages, exactly as configured
                                   there, e.g. https://vault.example/setup/webhooks/twilio/messages: Twilio signs
                                   it, and behind a proxy the Host this server sees is another (default:
                                   http:// and the request's Host and path)
          --data-key-max-age D     A tenant's data key seals new values for at most D (e.g. 30d, 12h; 1h to 30d,
                                   default 30d, the token lifetime) as well as at most 2^28 of them; then a
                                   fresh key takes over, and `piivault sweep` deletes the old one once nothing
                                   it sealed is left (60 days after it was made, at the earliest)
          --deletion-ledger FILE   Also append every deletion (profile, address, data entry) to FILE, a copy of
                                   DIR/deletions.ledger outside the data directory (record ids and keyed
                                   hashes only), for `piivault restore --ledger FILE` (docs/backup.md)
          --peer R=URL             The node serving region R, which this node does not serve, e.g.
                                   US=https://us.vault.internal:8443 (its --peer-listen address; https only;
                                   repeatable): calls for R's data are forwarded there over mutual TLS
                                   instead of answered 421 (docs/peers.md)
          --peer-listen HOST:PORT  Accept calls forwarded by other nodes here, over mutual TLS only (TLS 1.3,
                                   both sides' certificates chaining to <keys-dir>/peer-ca.crt; this node
                                   presents peer.crt and peer.key, mode 0600); never on the API port
          --peer-timeout-ms N      A forwarded call's deadline, connect included (100 to 60000, default 2000):
                                   past it, its keys are retryable_error (keep it below your callers' own)
          --legacy-v0              Also serve the deprecated v0 customers API under /v0/d/consumer_profiles, on the
                                   same records (every answer says Deprecation and Sunset; off by default)
          --help, -h               Show this help
        """ + StoreOptions.helpSection

    init(_ args: Arguments) throws(UsageError) {
        if let host = args.value("host") { self.host = host }
        port = try args.integer("port", default: port, range: 0...65535)
        if let dir = args.value("data-dir") { dataDirectory = dir }
        if let dir = args.value("keys-dir") { keysDirectory = dir }
        legacyV0 = args.flag("legacy-v0")
        stores = try StoreOptions(args)
        if let parsed = try args.regions("regions") { regions = parsed }
        if let region = try args.region("default-region") {
            guard regions.contains(region) else { throw UsageError("--default-region \(region.code) is not in --regions") }
            defaultRegion = region
        } else if !regions.contains(defaultRegion) {
            defaultRegion = regions[0]
        }
        if let level = args.value("log-level") {
            guard Logger.Level(name: level) != nil else { throw UsageError("--log-level must be debug, info, warning or error") }
            logLevel = level
        }
        if let format = args.value("log-format") {
            guard let parsed = LogFormat(rawValue: format) else { throw UsageError("--log-format must be json or text") }
            logFormat = parsed
        }
        eventLoops = try args.integer("event-loops", default: 0, range: 0...256)
        maxConnections = try args.integer("max-connections", default: maxConnections, range: 1...1_000_000)
        maxBodyBytes = try args.integer("max-body-bytes", default: maxBodyBytes, range: 1024...(64 << 20))
        maxValueBytes = try args.integer("max-value-bytes", default: maxValueBytes, range: 16...(16 << 20))
        maxDataBytes = try args.integer("max-data-bytes", default: maxDataBytes, range: 1...(256 << 20))
        if args.value("rate-limit") != nil { rateLimit = try args.integer("rate-limit", default: 0, range: 1...1_000_000) }
        if let name = args.value("provider") {
            guard ["local", "twilio"].contains(name) else { throw UsageError("--provider must be local or twilio") }
            provider = name
        }
        providerData = args.value("provider-data")
        if providerData != nil, provider != "local" { throw UsageError("--provider-data is for --provider local") }
        providerURL = args.value("provider-url")
        if providerURL != nil, provider != "twilio" { throw UsageError("--provider-url is for --provider twilio") }
        providerCAFile = args.value("provider-ca-file")
        if providerCAFile != nil, provider != "twilio" { throw UsageError("--provider-ca-file is for --provider twilio") }
        if let text = args.value("data-key-max-age") {
            guard let milliseconds = APIKeyCreateOptions.duration(text),
                  (3_600_000...VaultConfiguration.defaultTokenTTLMilliseconds).contains(milliseconds) else {
                throw UsageError("--data-key-max-age takes a duration from 1h to 30d, e.g. 30d or 12h")
            }
            dataKeyMaxAge = milliseconds
        }
        if let list = args.value("setup-document-regions") {
            guard let parsed = DocumentRegions.parse(list) else {
                throw UsageError("--setup-document-regions must list COUNTRY=REGION pairs, e.g. GB=EU,CH=EU")
            }
            documentRegions = parsed
        }
        if let url = args.value("setup-webhook-url") {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !url.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }),
                  url.split(separator: "/", omittingEmptySubsequences: false).count >= 3,
                  !url.split(separator: "/", omittingEmptySubsequences: false)[2].isEmpty else {
                throw UsageError("--setup-webhook-url must be an absolute http(s) URL without query or fragment, "
                                 + "e.g. https://vault.example/setup/webhooks/twilio/messages")
            }
            setupWebhookURL = url
        }
        deletionLedger = args.value("deletion-ledger")
        try parsePeers(args)
    }

    private mutating func parsePeers(_ args: Arguments) throws(UsageError) {
        for entry in args.values("peer") {
            guard let equals = entry.firstIndex(of: "=") else {
                throw UsageError("--peer takes REGION=URL, e.g. US=https://us.vault.internal:8443")
            }
            let region = try Arguments.region(String(entry[..<equals]), option: "peer")
            guard let url = ClientURL(String(entry[entry.index(after: equals)...])), url.secure, url.target == "/" else {
                throw UsageError("--peer \(region.code): the URL must be https://HOST[:PORT] (the peer's --peer-listen address)")
            }
            guard !regions.contains(region) else {
                throw UsageError("--peer \(region.code): this node serves \(region.code) itself (--regions); a peer is for a region it does not serve")
            }
            guard peers[region] == nil else { throw UsageError("--peer \(region.code) given twice") }
            peers[region] = url
        }
        if let text = args.value("peer-listen") {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
                throw UsageError("--peer-listen takes HOST:PORT, e.g. 0.0.0.0:8443")
            }
            var host = String(text[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw UsageError("--peer-listen takes HOST:PORT, e.g. 0.0.0.0:8443") }
            guard port == 0 || port != self.port else {
                throw UsageError("--peer-listen must not be the API port: forwarded calls are never accepted there")
            }
            peerListen = PeerListen(host: host, port: port)
        }
        peerTimeout = try args.integer("peer-timeout-ms", default: peerTimeout, range: 100...60_000)
        let loopback: Set<String> = ["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"]
        if let listen = peerListen, let region = peers.first(where: { _, url in
            url.port == listen.port && (url.host == listen.host || (loopback.contains(url.host) && loopback.contains(listen.host)))
        })?.key {
            throw UsageError("--peer \(region.code) names this node's own --peer-listen address: a peer is another node")
        }
    }

    var serverConfiguration: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.eventLoops = eventLoops
        configuration.limits.maxConnections = maxConnections
        configuration.limits.maxBodyBytes = maxBodyBytes
        configuration.limits.largeBodies = PIIRoutes.largeBodies(maxDataBytes: maxDataBytes)
        return configuration
    }

    var vaultConfiguration: VaultConfiguration {
        var configuration = VaultConfiguration(dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                               regions: regions, defaultRegion: defaultRegion)
        configuration.maxValueBytes = maxValueBytes
        configuration.dataKeyMaxAgeMilliseconds = dataKeyMaxAge
        configuration.deletionLedgerCopy = deletionLedger
        return configuration
    }
}

extension ServeOptions {
    /// The provider `--provider` names, ready to use.
    func telephonyProvider() throws -> any TelephonyProvider {
        switch provider {
        case "twilio":
            var client = HTTPClient.Configuration()
            client.caFile = providerCAFile
            let hosts = try providerURL.map { url throws(SetupError) in try TwilioProvider.Hosts.single(url) } ?? .twilio
            return try TwilioProvider(keysDirectory: keysDirectory, hosts: hosts, client: HTTPClient(configuration: client))
        default:
            var inventory: [UInt8]?
            if let path = providerData {
                guard let bytes = FileManager.default.contents(atPath: path) else {
                    throw VaultError.configuration("cannot read --provider-data \(path)")
                }
                inventory = Array(bytes)
            }
            return try LocalProvider(dataDirectory: dataDirectory, inventoryJSON: inventory)
        }
    }
}
