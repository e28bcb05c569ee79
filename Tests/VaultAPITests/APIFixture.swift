import Foundation
import HTTPServer
import HTTPTestSupport
import Logging
import Vault
import VaultAPI
import VaultCrypto
import StoreTestSupport
import VaultSQLite

/// A real vault behind the real server on port 0, in a temporary directory, logging to a file the tests read.
/// Not `live`, there is no server: requests go through the router in process, without sockets.
final class APIFixture: @unchecked Sendable {
    let root: String
    let dataDirectory: String
    let keysDirectory: String
    let logPath: String
    let logger: Logger
    private(set) var vault: Vault
    private(set) var router: Router
    private(set) var server: HTTPServer?
    let control: ControlStore
    let access: Access
    /// An all-scopes key per tenant: acme and globex.
    private(set) var secrets: [String: String] = [:]
    let regions: [Region]
    let legacyV0: Bool
    var port: Int { server!.port }

    /// `tenantRegion` is the tenants' own default region (`.some(nil)`: none, so the node's default applies);
    /// without it they take `defaultRegion`. `nodeOf`: a second node of that fixture's deployment (its own
    /// data directory, the same keyrings and the same PostgreSQL stores, its tenants and keys).
    init(regions: [Region] = Region.allCases, defaultRegion: Region = .eu, tenantRegion: Region?? = nil,
         rateLimit: Int? = nil, live: Bool = true, nodeOf first: APIFixture? = nil, engine: (any StoreEngine)? = nil,
         legacyV0: Bool = false, configure: (inout VaultConfiguration, inout ServerConfiguration) -> Void = { _, _ in }) throws {
        root = NSTemporaryDirectory() + "api-\(UUID().uuidString)"
        dataDirectory = root + "/data"
        keysDirectory = root + "/keys"
        self.regions = regions
        self.legacyV0 = legacyV0
        try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
        for name in Region.allCases.map(\.code) + [ControlStore.keyringName] {
            if let first {
                let path = KeyringFile.path(keysDirectory: first.keysDirectory, region: name)
                try FileManager.default.copyItem(atPath: path, toPath: KeyringFile.path(keysDirectory: keysDirectory, region: name))
            } else {
                try KeyringFile.write(try Keyring.generate(region: name, now: 1), keysDirectory: keysDirectory, replacing: false)
            }
        }
        if let first { try TestStores.share(first.dataDirectory, with: dataDirectory) }
        if let engine { TestStores.register(engine, for: dataDirectory) }
        logPath = root + "/log.jsonl"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        logger = Logger(minimum: .debug, fileDescriptor: Glibc.open(logPath, O_WRONLY | O_APPEND))
        var vaultConfiguration = VaultConfiguration(dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                                    regions: regions, defaultRegion: defaultRegion)
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.port = 0
        serverConfiguration.eventLoops = 2
        serverConfiguration.limits.largeBodies = PIIRoutes.largeBodies()
        configure(&vaultConfiguration, &serverConfiguration)
        control = try ControlStore(dataDirectory: dataDirectory, keysDirectory: keysDirectory, engine: try TestStores.engine(for: dataDirectory), creating: true)
        access = Access(control: control, rateLimit: rateLimit)
        vault = try Vault(configuration: vaultConfiguration, engine: try TestStores.engine(for: dataDirectory), logger: logger)
        router = PIIRoutes.router(vault: vault, access: access, logger: logger, legacyV0: legacyV0)
        if live {
            server = HTTPServer(configuration: serverConfiguration, handler: router, logger: logger)
            try server?.start()
        }
        if let first {
            secrets = first.secrets
            return
        }
        for name in ["acme", "globex"] {
            try control.createTenant(Tenant(name)!, defaultRegion: tenantRegion ?? defaultRegion)
            secrets[name] = try makeKey(tenant: name, scopes: Set(Scope.allCases))
        }
    }

    /// A new key's secret.
    func makeKey(tenant: String, scopes: Set<Scope>, expiresIn: Int64? = nil) throws -> String {
        try control.createKey(tenant: Tenant(tenant)!, scopes: scopes, name: "test", expiresInMilliseconds: expiresIn).secret
    }

    /// Stops everything and starts again on the same files (and a new port).
    func restart() throws {
        let configuration = vault.configuration
        let serverConfiguration = server!.configuration
        stop()
        vault = try Vault(configuration: configuration, engine: try TestStores.engine(for: dataDirectory), logger: logger)
        router = PIIRoutes.router(vault: vault, access: access, logger: logger, legacyV0: legacyV0)
        server = HTTPServer(configuration: serverConfiguration, handler: router, logger: logger)
        try server?.start()
    }

    func stop() {
        server?.shutdown()
        vault.close()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A request with `tenant`'s all-scopes key unless `key` names another secret ("" for none).
    func post(_ path: String, _ body: String, tenant: String? = "acme", region: String? = nil,
              contentType: String? = "application/json", key: String? = nil, extra: [String: String] = [:]) throws -> TestResponse {
        try send("POST", path, body, tenant: tenant, region: region, contentType: contentType, key: key, extra: extra)
    }

    /// Any method; a body goes with a JSON content type unless told otherwise.
    func send(_ method: String, _ path: String, _ body: String? = nil, tenant: String? = "acme", region: String? = nil,
              contentType: String? = "application/json", key: String? = nil, extra: [String: String] = [:]) throws -> TestResponse {
        var headers = extra
        if let tenant { headers["Tenant"] = tenant }
        if let secret = key ?? secrets[tenant ?? "acme"], !secret.isEmpty { headers["Authorization"] = "Bearer " + secret }
        if let region { headers["Residency-Region"] = region }
        if let contentType, body != nil { headers["Content-Type"] = contentType }
        guard server != nil else { return try inProcessRequest(router, method: method, path: path, headers: headers, body: body) }
        return try httpRequest(port: port, method: method, path: path, headers: headers, body: body)
    }

    func tokenize(_ data: [String: Any], tenant: String = "acme", region: String? = nil, key: String? = nil,
                  extra: [String: String] = [:]) throws -> TestResponse {
        try post("/v1/d/pii/tokenize", json(["data": data]), tenant: tenant, region: region, key: key, extra: extra)
    }

    func detokenize(_ tokens: [String: Any], tenant: String = "acme", key: String? = nil,
                    extra: [String: String] = [:]) throws -> TestResponse {
        try post("/v1/d/pii/detokenize", json(["tokens": tokens]), tenant: tenant, key: key, extra: extra)
    }

    func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]), as: UTF8.self)
    }

    /// Every byte written under the data directory, plus the log.
    /// Every byte the vault wrote: its files, its log, and every row of its PostgreSQL stores.
    func allFileBytes() -> [UInt8] {
        var out: [UInt8] = (try? TestStores.storedRows(for: dataDirectory)) ?? []
        for name in (try? FileManager.default.subpathsOfDirectory(atPath: dataDirectory)) ?? [] {
            out += FileManager.default.contents(atPath: dataDirectory + "/" + name) ?? Data()
        }
        logger.flush()
        out += FileManager.default.contents(atPath: logPath) ?? Data()
        return out
    }

    /// Whether `/healthz` answers 200 within `seconds` (a store coming back), polling every 100 ms.
    func becomesHealthy(within seconds: Int = 10) throws -> Bool {
        for _ in 0..<(seconds * 10) {
            if try get("/healthz").status == 200 { return true }
            usleep(100_000)
        }
        return false
    }

    func logText() -> String {
        logger.flush()
        return String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
    }
}

extension TestResponse {
    var tokens: [String: String] { json["tokens"] as? [String: String] ?? [:] }
    var errors: [String: String] { json["errors"] as? [String: String] ?? [:] }
    var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
}
