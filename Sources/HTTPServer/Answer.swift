import Logging

/// The way a deferred `Reply` is completed: once, from any thread. What `build` makes, or throws, is
/// rendered on the connection's event loop exactly as a handler's own answer is, so serializing a large
/// body costs a loop, not the thread answering.
package struct Answer: Sendable {
    let responder: any Responder
    let logger: Logger

    init(responder: any Responder, logger: Logger) {
        self.responder = responder
        self.logger = logger
    }

    package func send(_ build: @escaping @Sendable () throws -> HTTPResponse) {
        let requestID = responder.requestID, logger = self.logger
        responder.send { Router.render(requestID: requestID, logger: logger, build) }
    }
}
