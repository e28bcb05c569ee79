import HTTPServer
import Logging

/// What a set-up route requires of the request's API key: `setup:read` (or `setup:write`), or `setup:write`.
package enum SetupScope: Sendable { case read, write }
/// Who may call `/setup`: from the request and the scope a route requires, the calling tenant and key (a
/// `SetupCaller`) or the 401/403/429 to answer. Supplied by the executable, which knows the key store;
/// this module does not.
package typealias SetupAuthorizer = any RequestAuthorizer<SetupScope, SetupCaller>

/// The Clienteling Setup API under `/setup`, registered on the service's router.
package struct SetupRoutes: Sendable {
    let onboarding: Onboarding
    let runner: RouteRunner<SetupScope, SetupCaller>
    let documentRegions: DocumentRegions
    let submissions: Submissions
    let shoppers: Shoppers?

    /// Every route runs on `workers`: its work blocks (provider calls over the network, waits for the
    /// writer's commit). Authorization happens first, on the event loop when the key is cached, so a
    /// refused request costs no worker.
    package init(onboarding: Onboarding, documents: any RegulatoryDocuments, documentRegions: DocumentRegions = DocumentRegions(),
                authorize: SetupAuthorizer, shoppers: Shoppers? = nil, logger: Logger = .shared, workers: WorkerPool) {
        self.onboarding = onboarding
        self.shoppers = shoppers
        self.submissions = Submissions(store: onboarding.store, documents: documents, regions: documentRegions)
        self.runner = RouteRunner(authorizer: authorize, workers: workers,
                                  busyMessage: "too many set-up requests are waiting; retry later", logger: logger)
        self.documentRegions = documentRegions
    }

    /// With workers of its own: `workerThreads` run requests at once; `maxWaiting` more may wait for one,
    /// beyond which it is 503.
    package init(onboarding: Onboarding, documents: any RegulatoryDocuments, documentRegions: DocumentRegions = DocumentRegions(),
                authorize: SetupAuthorizer, shoppers: Shoppers? = nil, logger: Logger = .shared, workerThreads: Int = 8,
                maxWaiting: Int = 256) {
        self.init(onboarding: onboarding, documents: documents, documentRegions: documentRegions, authorize: authorize,
                  shoppers: shoppers, logger: logger, workers: WorkerPool(name: "setup-worker", threads: workerThreads, maxQueued: maxWaiting))
    }

    package func register(on router: inout Router) {
        let stores = StoreEndpoints(onboarding: onboarding)
        router.add("POST", "/setup/retailers", handler(.write, stores.configureRetailer))
        router.add("GET", "/setup/retailers", handler(.read, stores.getRetailer))
        router.add("PUT", "/setup/retailers", handler(.write, stores.updateRetailer))
        router.add("GET", "/setup/retailers/status", handler(.read, StatusEndpoint(onboarding: onboarding).status))
        router.add("GET", "/setup/stores", handler(.read, stores.list))
        router.add("PUT", "/setup/stores/{store_id}", handler(.write, stores.put))
        router.add("GET", "/setup/stores/{store_id}", handler(.read, stores.get))
        router.add("POST", "/setup/stores/{store_id}", handler(.write, stores.onboard))
        router.add("POST", "/setup/stores/{store_id}/whatsapp", handler(.write, stores.whatsApp))
        let catalogue = CatalogueEndpoints(onboarding: onboarding, documentRegions: documentRegions)
        router.add("GET", "/setup/stores/{store_id}/available_phone_numbers", handler(.read, catalogue.availableNumbers))
        router.add("GET", "/setup/stores/{store_id}/addresses", handler(.read, catalogue.addresses))
        router.add("GET", "/setup/stores/{store_id}/regulatory-bundles", handler(.read, catalogue.bundles))
        router.add("GET", "/setup/trust-products", handler(.read, catalogue.trustProducts))
        router.add("GET", "/setup/regulatory-requirements/{country_code}", handler(.read, catalogue.requirements))
        let filings = SubmissionEndpoints(submissions: submissions)
        router.add("POST", "/setup/regulatory-submissions", handler(.write, filings.create))
        router.add("GET", "/setup/regulatory-submissions", handler(.read, filings.list))
        router.add("GET", "/setup/regulatory-submissions/{id}", handler(.read, filings.get))
        let templates = TemplateEndpoints(store: onboarding.store)
        router.add("GET", "/setup/templates/opt-in", handler(.read, templates.optIn))
        router.add("PUT", "/setup/templates/opt-in", handler(.write, templates.setOptIn))
        router.add("GET", "/setup/templates/quick-replies", handler(.read, templates.quickReplies))
        router.add("POST", "/setup/templates/quick-replies", handler(.write, templates.addQuickReply))
        router.add("PATCH", "/setup/templates/quick-replies/{id}", handler(.write, templates.updateQuickReply))
        router.add("DELETE", "/setup/templates/quick-replies/{id}", handler(.write, templates.deleteQuickReply))
        if let shoppers { registerShoppers(shoppers, on: &router) }
    }

    /// Shoppers' messages and consent: the provider's webhook (its signature is its authorization), the
    /// clienteling profiles (scope `setup:read`), and with the sandbox provider a way to send the webhook a message.
    private func registerShoppers(_ shoppers: Shoppers, on router: inout Router) {
        let inbound = InboundMessages(store: onboarding.store, provider: onboarding.provider, directory: shoppers.directory)
        let webhook = WebhookEndpoint(inbound: inbound, publicURL: shoppers.webhookURL)
        router.add("POST", "/setup/webhooks/twilio/messages", runner.open(on: .workers) { .now(try webhook.receive($0)) })
        let profiles = ClientelingProfileEndpoints(store: onboarding.store, directory: shoppers.directory,
                                        pages: PageToken(keyring: shoppers.pageKeyring))
        router.add("GET", "/clienteling/profiles", handler(.read, profiles.list))
        router.add("GET", "/clienteling/profiles/{customer_id}", handler(.read, profiles.get))
        if onboarding.provider.name == "local" {
            router.add("POST", "/setup/sandbox/inbound-messages", handler(.write, SandboxEndpoint(webhook: webhook).simulate))
        }
    }

    typealias Endpoint = @Sendable (HTTPRequest, SetupCaller) throws -> HTTPResponse

    /// Every set-up endpoint answers at once, on a worker; a `SetupError` renders as its status and message.
    func handler(_ scope: SetupScope, _ endpoint: @escaping Endpoint) -> Router.Handler {
        runner.handler(scope, on: .workers) { request, caller in .now(try endpoint(request, caller)) }
    }
}
