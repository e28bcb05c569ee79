/// What a handler needs of the connection its request came from: the request id, a way to answer, and
/// the route label. `ResponseSink` is the real one; tests drive a router in process with their own.
/// Exactly one answer is sent; later calls are ignored. `send` may be called from any thread.
package protocol Responder: AnyObject, Sendable {
    var requestID: String { get }
    /// Sends the response `build` makes, on the connection's event-loop thread: serializing a large body
    /// there spreads it over the loops instead of loading the thread that answered (a store's writer).
    func send(_ build: @escaping @Sendable () -> HTTPResponse)
    /// Names the matched route pattern for the access log (raw paths may hold tokens). Called by the
    /// router on the event loop before the handler runs.
    func setRoute(_ pattern: String)
    /// The connection closed before the answer: nobody will read it, so work not yet begun for it may be
    /// skipped. Any thread.
    var isCancelled: Bool { get }
}

extension Responder {
    package var isCancelled: Bool { false }

    package func send(_ response: HTTPResponse) {
        send { response }
    }

    package func send(_ error: HTTPError) {
        send(error.response(requestID: requestID))
    }
}
