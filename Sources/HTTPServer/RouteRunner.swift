import Logging

/// Where a route's handler runs. The rule, for SQLite and for a network database alike: an event loop
/// never waits on a store or the network. It parses, routes, authorizes from memory, seals and serializes;
/// a handler whose work may wait (a store read, a provider call) runs on the workers; writes go to the
/// store's group-commit writer and are answered from there.
package enum RoutePlacement: Sendable {
    /// The handler waits on nothing: it works from memory and hands any write to a writer.
    case loop
    /// The handler may wait (a store read, a provider call): it runs on the module's `WorkerPool`.
    case workers
}

/// The one handler contract of every route module: a route declares what it requires of the caller and
/// where it runs; its handler is given the authorized caller and returns a `Reply` or throws. Here, once:
/// authorization (from memory on the loop; on a worker when only a store can tell), the hop to the
/// workers (503 with `Retry-After` when their queue is full), and the rendering of every error.
package struct RouteRunner<Requirement: Sendable, Caller: Sendable>: Sendable {
    package typealias Handler = @Sendable (HTTPRequest, Caller) throws -> Reply

    let authorizer: any RequestAuthorizer<Requirement, Caller>
    let workers: WorkerPool
    let logger: Logger
    /// The answer when the workers have too many requests waiting.
    let busy: HTTPError

    /// `busyMessage` is the 503's message when the workers have `maxQueued` requests waiting.
    package init(authorizer: any RequestAuthorizer<Requirement, Caller>, workers: WorkerPool, busyMessage: String,
                logger: Logger) {
        self.authorizer = authorizer
        self.workers = workers
        self.logger = logger
        busy = HTTPError(503, busyMessage, headers: HTTPHeaders([("retry-after", "1")]))
    }

    /// The router handler of a route requiring `requirement` and running `handler` where `placement` says.
    package func handler(_ requirement: Requirement, on placement: RoutePlacement,
                        _ handler: @escaping Handler) -> Router.Handler {
        let runner = self
        return { request, responder in
            let answer = Answer(responder: responder, logger: runner.logger)
            let requestID = responder.requestID
            guard let verdict = runner.authorizer.authorizeFromMemory(request, requirement, requestID: requestID) else {
                // Only the key store can tell: ask it on a worker, and run the handler there too.
                return runner.onWorker(answer) {
                    runner.run(handler, request, runner.authorizer.authorize(request, requirement, requestID: requestID), answer)
                }
            }
            // A refusal is answered where it was decided; an allowed request runs where its route is placed.
            if case .allowed = verdict, placement == .workers {
                runner.onWorker(answer) { runner.run(handler, request, verdict, answer) }
            } else {
                runner.run(handler, request, verdict, answer)
            }
        }
    }

    /// The router handler of a route anyone may call (health, documents), running where `placement` says.
    /// `whenBusy` answers from the loop, without waiting, when the workers' queue is full (else 503).
    package func open(on placement: RoutePlacement, whenBusy: (@Sendable (HTTPRequest) throws -> Reply)? = nil,
                      _ handler: @escaping @Sendable (HTTPRequest) throws -> Reply) -> Router.Handler {
        let runner = self
        return { request, responder in
            let answer = Answer(responder: responder, logger: runner.logger)
            let work: @Sendable () -> Void = { runner.complete(answer) { try handler(request) } }
            guard placement == .workers else { return work() }
            runner.onWorker(answer, work, whenBusy: whenBusy.map { busy in { runner.complete(answer) { try busy(request) } } })
        }
    }

    /// The workers' queue holds as many jobs as connections may be open (one request each in the handler);
    /// a job whose connection closed while it waited ends at once instead of doing work nobody will read.
    private func onWorker(_ answer: Answer, _ work: @escaping @Sendable () -> Void, whenBusy: (() -> Void)? = nil) {
        let responder = answer.responder
        guard !workers.submit({ if !responder.isCancelled { work() } }) else { return }
        if let whenBusy { whenBusy() } else { responder.send(busy) }
    }

    private func run(_ handler: Handler, _ request: HTTPRequest, _ verdict: Authorization<Caller>, _ answer: Answer) {
        switch verdict {
        case .allowed(let caller): complete(answer) { try handler(request, caller) }
        case .refused(let error): answer.responder.send(error)
        case .refusedLater(let start): start(answer)
        }
    }

    /// Sends what `reply` answers (now, or later through `answer`), or the error it throws, rendered.
    private func complete(_ answer: Answer, _ reply: () throws -> Reply) {
        do {
            switch try reply() {
            case .now(let response): answer.responder.send(response)
            case .later(let start): start(answer)
            }
        } catch {
            answer.responder.send(Router.render(requestID: answer.responder.requestID, logger: logger) { throw error })
        }
    }
}
