import Foundation
import HTTPServer

/// A `Responder` for driving a router in process, without sockets (as hummingbird's router tests do): it
/// keeps the first answer, made on whichever thread sends it, and the route label the router sets.
package final class CapturingResponder: Responder, @unchecked Sendable {
    package let requestID: String
    private let lock = NSLock()
    private var response: HTTPResponse?
    private var label: String?
    private var closed = false
    private let answered = DispatchSemaphore(value: 0)

    package init(requestID: String = "in-process") { self.requestID = requestID }

    package func send(_ build: @escaping @Sendable () -> HTTPResponse) {
        lock.lock()
        guard response == nil else { return lock.unlock() }
        response = build()
        lock.unlock()
        answered.signal()
    }

    package func setRoute(_ pattern: String) {
        lock.withLock { label = pattern }
    }

    /// As if the client had closed its connection.
    package func cancel() { lock.withLock { closed = true } }

    package var isCancelled: Bool { lock.withLock { closed } }

    /// The route pattern the router matched, if any.
    package var route: String? { lock.withLock { label } }

    /// The answer, waiting up to `seconds` for one sent from another thread (a worker, a store's writer).
    package func wait(seconds: Int = 10) -> HTTPResponse? {
        guard answered.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        answered.signal()  // later waits see it too
        return lock.withLock { response }
    }
}

extension TestResponse {
    /// A handler's response as the live tests see one (header names are lower-cased either way).
    package init(_ response: HTTPResponse) {
        var headers: [String: String] = [:]
        for (name, value) in response.headers { headers[name] = value }
        self.init(status: response.status, headers: headers, body: response.body)
    }
}

/// One request through `handler` in process: the answer as `httpRequest(port:...)` would read it, but with
/// only the headers the handler set (the server adds `Date`, `Content-Length`, `X-Request-Id`). The request
/// id is the `X-Request-Id` sent, as the server would take it, else `responder`'s.
package func inProcessRequest(_ handler: any HTTPHandler, method: String = "POST", path: String,
                             headers: [String: String] = [:], body: String? = nil,
                             responder: CapturingResponder? = nil) throws -> TestResponse {
    let offered = headers.first { $0.key.lowercased() == "x-request-id" }?.value
    let responder = responder ?? CapturingResponder(requestID: offered ?? "in-process")
    var request = HTTPRequest(method: method, target: path, headers: HTTPHeaders(headers.map { ($0.key, $0.value) }),
                              body: Array((body ?? "").utf8))
    request.requestID = responder.requestID
    handler.handle(request, responder: responder)
    guard let response = responder.wait() else { throw TestClientError.noAnswer }
    return TestResponse(response)
}
