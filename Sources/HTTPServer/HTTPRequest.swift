/// One parsed request with its whole body.
package struct HTTPRequest: Sendable {
    package enum Version: Sendable, Equatable { case http10, http11 }

    package var method: String
    /// The request target as sent (path and query).
    package var target: String
    package var version: Version
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// Assigned by the server (or taken from a well-formed `X-Request-Id`); echoed in every response.
    package var requestID: String = ""
    /// Filled by the router from `{name}` segments of the matched pattern, percent-decoded.
    package var pathParameters: [String: String] = [:]
    /// The common name of the verified client certificate, for requests that came over the peer channel
    /// (`MutualTLSServer`); nil on the API port, where no request can set it.
    package var peerName: String?

    package init(method: String, target: String, version: Version = .http11, headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    package var path: Substring {
        if let q = target.firstIndex(of: "?") { return target[..<q] }
        return target[...]
    }

    package var query: Substring? {
        guard let q = target.firstIndex(of: "?") else { return nil }
        return target[target.index(after: q)...]
    }

    /// The media type of `Content-Type`, lower-cased, without parameters.
    package var mediaType: String? {
        guard let value = headers["content-type"] else { return nil }
        // Nearly every call carries exactly this: answer it without splitting and lower-casing copies.
        if value == "application/json" { return value }
        let type = value.split(separator: ";", maxSplits: 1).first ?? ""
        return type.trimmingSpaces().lowercased()
    }

    /// Whether the client wants the connection kept open after this request.
    package var wantsKeepAlive: Bool {
        let connection = headers["connection"]?.lowercased()
        switch version {
        case .http11: return connection.map { !$0.contains("close") } ?? true
        case .http10: return connection.map { $0.contains("keep-alive") } ?? false
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (header values).
    package func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
