import Synchronization

/// The way back to the connection a request came from. Exactly one response is sent; later calls are
/// ignored. It may be used from any thread: off the event loop, the response is queued to its loop.
package final class ResponseSink: Responder, @unchecked Sendable {
    package let requestID: String
    let connectionID: UInt64
    let method: String
    let version: HTTPRequest.Version
    let startNanoseconds: UInt64
    private let loop: EventLoop
    private let sent = Atomic<Bool>(false)
    private let cancelled = Atomic<Bool>(false)
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

    package func send(_ build: @escaping @Sendable () -> HTTPResponse) {
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return }
        loop.deliver(to: self, build)
    }

    package func setRoute(_ pattern: String) { route = pattern }

    package var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Its connection closed (the loop, as it closes it).
    func cancel() { cancelled.store(true, ordering: .relaxed) }
}
