import JSONCore

/// An error that renders itself: a status and a message safe to show the client (never input values).
/// Bodies are `application/problem+json` carrying `request_id` and `message`, as the API pages show.
package struct HTTPError: Error, Sendable {
    /// The body's media type (RFC 9457); the OpenAPI document's error responses name it too.
    package static let contentType = "application/problem+json"

    package var status: Int
    package var message: String
    package var headers: HTTPHeaders

    package init(_ status: Int, _ message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    package func response(requestID: String) -> HTTPResponse {
        var writer = JSONWriter(capacity: 128 + message.utf8.count)
        writer.append("{\"request_id\":")
        writer.writeString(requestID)
        writer.append(",\"message\":")
        writer.writeString(message)
        writer.append(",\"type\":\"about:blank\",\"title\":")
        writer.writeString(HTTPResponse.reason(for: status))
        writer.append(",\"status\":")
        writer.writeInteger(status)
        writer.append("}")
        var response = HTTPResponse.json(status, writer.bytes, contentType: Self.contentType)
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}
