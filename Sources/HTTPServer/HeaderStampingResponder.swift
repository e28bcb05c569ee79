/// A responder that adds `headers` to whatever answer goes through it, errors included: headers a group of
/// routes always carries (v0's deprecation notice), set in one place rather than by every handler.
final class HeaderStampingResponder: Responder {
    let inner: any Responder
    let headers: HTTPHeaders

    init(_ inner: any Responder, headers: HTTPHeaders) {
        self.inner = inner
        self.headers = headers
    }

    var requestID: String { inner.requestID }
    var isCancelled: Bool { inner.isCancelled }

    func setRoute(_ pattern: String) { inner.setRoute(pattern) }

    func send(_ build: @escaping @Sendable () -> HTTPResponse) {
        let headers = self.headers
        inner.send {
            var response = build()
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }
}

extension Router {
    /// `handler`, every answer of which carries the headers `headers` makes for its request.
    package static func stamping(_ headers: @escaping @Sendable (HTTPRequest) -> HTTPHeaders, _ handler: @escaping Handler) -> Handler {
        { request, responder in handler(request, HeaderStampingResponder(responder, headers: headers(request))) }
    }
}
