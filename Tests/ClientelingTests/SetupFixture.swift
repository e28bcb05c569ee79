import Clienteling
import Foundation
import HTTPServer
import HTTPTestSupport
import Logging
import PIIVaultCLI
import StoreTestSupport
import Vault
import VaultAPI
import VaultCrypto
import VaultSQLite

/// The set-up API behind the real server on port 0, with the real key store and audit chain, in a
/// temporary directory. The provider is the sandbox one unless a test passes another. Not `live`, there is
/// no server: requests go through the router in process, without sockets.
final class SetupFixture: @unchecked Sendable {
    let root: String
    let dataDirectory: String
    let keysDirectory: String
    let control: ControlStore
    let store: SetupStore
    let local: LocalProvider
    let vault: Vault
    let router: Router
    private(set) var server: HTTPServer?
    private(set) var secrets: [String: String] = [:]
    var port: Int { server!.port }

    init(provider: ((LocalProvider) -> any TelephonyProvider)? = nil,
         documentRegions: DocumentRegions = DocumentRegions(), regions: [Region] = Region.allCases,
         workers: (threads: Int, waiting: Int) = (8, 256), live: Bool = true, sharing first: SetupFixture? = nil,
         webhookURL: String? = nil) throws {
        root = NSTemporaryDirectory() + "setup-\(UUID().uuidString)"
        dataDirectory = root + "/data"
        keysDirectory = first?.keysDirectory ?? root + "/keys"
        if let first {
            // A second node: its own data directory, the first node's keys and (PostgreSQL only) databases.
            try TestStores.share(first.dataDirectory, with: dataDirectory)
        } else {
            try FileManager.default.createDirectory(atPath: keysDirectory, withIntermediateDirectories: true)
            for name in Region.allCases.map(\.code) + [ControlStore.keyringName] {
                try KeyringFile.write(try Keyring.generate(region: name, now: 1), keysDirectory: keysDirectory, replacing: false)
            }
        }
        // The engine of the pass: SQLite files, or every store on PostgreSQL (the set-up data in the control database).
        let engine = try TestStores.engine(for: dataDirectory)
        control = try ControlStore(dataDirectory: dataDirectory, keysDirectory: keysDirectory, engine: engine, creating: true)
        store = try SetupWiring.openStore(dataDirectory: dataDirectory, keysDirectory: keysDirectory, engine: engine)
        local = try LocalProvider(dataDirectory: dataDirectory)
        let onboarding = Onboarding(store: store, provider: provider?(local) ?? local)
        let logger = Logger(minimum: .error, fileDescriptor: Glibc.open("/dev/null", O_WRONLY))
        vault = try Vault(configuration: VaultConfiguration(dataDirectory: dataDirectory, keysDirectory: keysDirectory,
                                                            regions: regions, defaultRegion: regions[0]),
                          engine: engine, logger: logger)
        let access = Access(control: control)
        // The whole service's router, as `piivault serve` builds it: documents are uploaded through the vault's API.
        var router = PIIRoutes.router(vault: vault, access: access, logger: logger, openAPIParts: [OpenAPI.clientelingSetup])
        SetupRoutes(onboarding: onboarding, documents: SetupWiring.documents(vault), documentRegions: documentRegions,
                    authorize: SetupWiring.authorizer(access), shoppers: try SetupWiring.shoppers(vault, webhookURL: webhookURL, keysDirectory: keysDirectory),
                    logger: logger, workerThreads: workers.threads,
                    maxWaiting: workers.waiting).register(on: &router)
        self.router = router
        if live {
            var configuration = ServerConfiguration()
            configuration.port = 0
            configuration.eventLoops = 2
            server = HTTPServer(configuration: configuration, handler: router, logger: logger)
            try server?.start()
        }
        for name in ["acme", "globex"] {
            if let first {
                secrets[name] = first.secrets[name]
                continue
            }
            try control.createTenant(Tenant(name)!, defaultRegion: .eu)
            secrets[name] = try makeKey(tenant: name, scopes: [.setupRead, .setupWrite, .dataRead, .dataWrite])
        }
    }

    func makeKey(tenant: String, scopes: Set<Scope>) throws -> String {
        try control.createKey(tenant: Tenant(tenant)!, scopes: scopes, name: "test", expiresInMilliseconds: nil).secret
    }

    deinit {
        server?.shutdown()
        store.close()
        vault.close()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A request as `tenant` with its read-write key unless `key` names another secret.
    @discardableResult
    func send(_ method: String, _ path: String, _ body: Any? = nil, tenant: String = "acme",
              key: String? = nil, region: String? = nil) throws -> TestResponse {
        var headers = ["Tenant": tenant]
        if let region { headers["Residency-Region"] = region }
        if let secret = key ?? secrets[tenant], !secret.isEmpty { headers["Authorization"] = "Bearer " + secret }
        var text: String?
        if let body {
            headers["Content-Type"] = "application/json"
            text = try body as? String ?? String(decoding: JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        }
        guard server != nil else { return try inProcessRequest(router, method: method, path: path, headers: headers, body: text) }
        return try httpRequest(port: port, method: method, path: path, headers: headers, body: text)
    }

    /// Registers a store; fails the test on anything but 201/200.
    @discardableResult
    func putStore(_ id: String, country: String, tenant: String = "acme") throws -> TestResponse {
        try send("PUT", "/setup/stores/\(id)", ["name": "Store \(id)", "country_code": country, "landline": "+12025550100"],
                 tenant: tenant)
    }

    /// The first entry's `field` of a list the API answers for a store.
    func first(_ list: String, of store: String, _ field: String, tenant: String = "acme") throws -> String? {
        let response = try send("GET", "/setup/stores/\(store)/\(list)", tenant: tenant)
        let items = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]
        return items?.first?[field] as? String
    }

    /// The body of an onboarding with the store's first offered number, and for non-US/CA its bundle and address.
    func onboardingBody(_ store: String, tenant: String = "acme") throws -> [String: String] {
        var body = ["phone_number": try first("available_phone_numbers", of: store, "phone_number", tenant: tenant) ?? ""]
        if let bundle = try first("regulatory-bundles", of: store, "sid", tenant: tenant) { body["bundle_sid"] = bundle }
        if let address = try first("addresses", of: store, "sid", tenant: tenant) { body["address_sid"] = address }
        return body
    }

    func storeJSON(_ id: String, tenant: String = "acme") throws -> [String: Any] {
        try send("GET", "/setup/stores/\(id)", tenant: tenant).json
    }
}
