import Synchronization

/// The way back to the connection a request came from. Exactly one response is sent; later calls are
/// ignored. It may be used from any thread: off the event loop, the response is queued to its loop.
public final class ResponseSink: @unchecked Sendable {
    public let requestID: String
    let connectionID: UInt64
    let method: String
    let version: HTTPRequest.Version
    let startNanoseconds: UInt64
    private let loop: EventLoop
    private let sent = Atomic<Bool>(false)
    /// The matched route pattern, for the access log (raw paths may hold tokens). Loop thread only.
    var route = "unmatched"

    init(loop: EventLoop, connectionID: UInt64, requestID: String, method: String, version: HTTPRequest.Version) {
        self.loop = loop
        self.connectionID = connectionID
        self.requestID = requestID
        self.method = method
        self.version = version
        self.startNanoseconds = MonotonicClock.nanoseconds()
    }

    public func send(_ response: HTTPResponse) {
        send { response }
    }

    /// Sends the response `build` makes; it runs on the connection's event-loop thread. Use it when the
    /// answer is ready on another thread (a store's writer) and serializing it is real work.
    public func send(_ build: @escaping @Sendable () -> HTTPResponse) {
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return }
        loop.deliver(to: self, build)
    }

    public func send(_ error: HTTPError) {
        send(error.response(requestID: requestID))
    }

    /// Sets the route label; called by the router on the loop thread before the handler runs.
    public func setRoute(_ pattern: String) { route = pattern }
}
