import JSONCore

/// An error that renders itself: a status and a message safe to show the client (never input values).
/// Bodies are `application/problem+json` carrying `request_id` and `message`, as the API pages show, and
/// the `error_code` the Customer Profile API v2 adds (the status's reason in snake case unless a route names
/// one of its own).
package struct HTTPError: Error, Sendable {
    /// The body's media type (RFC 9457); the OpenAPI document's error responses name it too.
    package static let contentType = "application/problem+json"

    package var status: Int
    package var message: String
    package var headers: HTTPHeaders
    /// A stable, machine-readable name of the problem; nil: the status's own (`errorCode(for:)`).
    package var code: String?

    package init(_ status: Int, _ message: String, headers: HTTPHeaders = HTTPHeaders(), code: String? = nil) {
        self.status = status
        self.message = message
        self.headers = headers
        self.code = code
    }

    /// `not_found`, `unprocessable_content`, `too_many_requests`: the reason phrase, lower case, words joined by `_`.
    package static func errorCode(for status: Int) -> String {
        var code = ""
        for byte in HTTPResponse.reason(for: status).utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): code.unicodeScalars.append(Unicode.Scalar(byte + 32))
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): code.unicodeScalars.append(Unicode.Scalar(byte))
            default: if !code.isEmpty && !code.hasSuffix("_") { code += "_" }
            }
        }
        return code.hasSuffix("_") ? String(code.dropLast()) : code
    }

    package func response(requestID: String) -> HTTPResponse {
        var writer = JSONWriter(capacity: 128 + message.utf8.count)
        writer.append("{\"request_id\":")
        writer.writeString(requestID)
        writer.append(",\"message\":")
        writer.writeString(message)
        writer.append(",\"error_code\":")
        writer.writeString(code ?? Self.errorCode(for: status))
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
