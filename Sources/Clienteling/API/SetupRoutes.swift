import HTTPServer
import Logging

/// What a set-up request needs from the API keys: the calling tenant and key, if the request's key holds
/// the scope (`setup:read`, `setup:write`); otherwise the 401/403/429 to answer. Supplied by the executable,
/// which knows the key store; this module does not.
public enum SetupScope: Sendable { case read, write }
public typealias SetupAuthorizer = @Sendable (HTTPRequest, SetupScope) throws(HTTPError) -> (tenant: String, keyID: String)

/// The Clienteling Setup API under `/setup`, registered on the service's router.
public struct SetupRoutes: Sendable {
    let onboarding: Onboarding
    let authorize: SetupAuthorizer
    let workers: SetupWorkers
    let logger: Logger
    let documentRegions: DocumentRegions
    let submissions: Submissions

    /// `workerThreads` run requests at once; `maxWaiting` more may wait for one, beyond which it is 503.
    public init(onboarding: Onboarding, documents: any RegulatoryDocuments, documentRegions: DocumentRegions = DocumentRegions(),
                authorize: @escaping SetupAuthorizer, logger: Logger = .shared, workerThreads: Int = 8, maxWaiting: Int = 256) {
        self.onboarding = onboarding
        self.submissions = Submissions(store: onboarding.store, documents: documents, regions: documentRegions)
        self.authorize = authorize
        self.workers = SetupWorkers(threads: workerThreads, maxQueued: maxWaiting)
        self.logger = logger
        self.documentRegions = documentRegions
    }

    public func register(on router: inout Router) {
        let stores = StoreEndpoints(onboarding: onboarding)
        router.add("POST", "/setup/retailers", handler(.write, stores.configureRetailer))
        router.add("GET", "/setup/retailers", handler(.read, stores.getRetailer))
        router.add("PUT", "/setup/retailers", handler(.write, stores.updateRetailer))
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
    }

    typealias Endpoint = @Sendable (HTTPRequest, SetupCaller) throws -> HTTPResponse

    /// Authorizes on the event loop (cheap, and a refused request costs no worker), then runs `endpoint` on
    /// a worker. A `SetupError` becomes its status and message; anything else a 500 that says nothing.
    func handler(_ scope: SetupScope, _ endpoint: @escaping Endpoint) -> Router.Handler {
        let authorize = self.authorize, workers = self.workers, logger = self.logger
        return { request, sink in
            let caller: SetupCaller
            do throws(HTTPError) {
                let (tenant, keyID) = try authorize(request, scope)
                caller = SetupCaller(tenant: tenant, keyID: keyID, requestID: sink.requestID)
            } catch {
                return sink.send(error)
            }
            let accepted = workers.run {
                sink.send(Router.run({ request in
                    do {
                        return try endpoint(request, caller)
                    } catch let error as SetupError {
                        switch error {
                        case .configuration:
                            logger.error("setup misconfigured", ["request_id": .string(sink.requestID)])
                        case .provider(let failure):
                            // Ops need to see the provider failing; the description never holds its words.
                            logger.warning("telephony provider failed", ["request_id": .string(sink.requestID),
                                                                         "error": .string(failure.description)])
                        default:
                            break
                        }
                        var headers = HTTPHeaders()
                        if error.status == 503 { headers.replaceOrAdd(name: "retry-after", value: "1") }
                        throw HTTPError(error.status, error.message, headers: headers)
                    }
                }, request, requestID: sink.requestID, logger: logger))
            }
            if !accepted {
                sink.send(HTTPError(503, "too many set-up requests are waiting; retry later",
                                    headers: HTTPHeaders([("retry-after", "1")])))
            }
        }
    }
}
