/// Writes a response's wire form into a connection's output buffer.
enum ResponseEncoder {
    /// What an answer says of its connection.
    enum ConnectionField {
        /// HTTP/1.1 persistence, nothing to say.
        case none
        /// The connection ends after this answer.
        case close
        /// An HTTP/1.0 client asked to keep the connection and we do; it closes unless told so (RFC 9112 §9.3).
        case keepAlive
    }

    /// `omittingBody` for an answer to HEAD: its headers (`Content-Length` included) are those of the GET,
    /// and it ends there whatever its status (RFC 9112 §6.3), or the client would read the body as the next
    /// answer.
    static func encode(_ response: HTTPResponse, requestID: String, date: [UInt8], connection: ConnectionField,
                       omittingBody: Bool = false, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + 160 + (omittingBody ? 0 : response.body.count))
        append("HTTP/1.1 ", to: &out)
        out.append(contentsOf: String(response.status).utf8)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: HTTPResponse.reason(for: response.status).utf8)
        append("\r\ncontent-length: ", to: &out)
        out.append(contentsOf: String(response.body.count).utf8)
        if !requestID.isEmpty {
            append("\r\nx-request-id: ", to: &out)
            out.append(contentsOf: requestID.utf8)
        }
        append("\r\ndate: ", to: &out)
        out.append(contentsOf: date)
        switch connection {
        case .none: break
        case .close: append("\r\nconnection: close", to: &out)
        case .keepAlive: append("\r\nconnection: keep-alive", to: &out)
        }
        // Answers carry PII (detokenized values, profiles, data): no cache on the way may keep one, unless the
        // handler chose its own policy. Here rather than in handlers, so the server's own errors get it too.
        if response.headers["cache-control"] == nil { append("\r\ncache-control: no-store", to: &out) }
        for (name, value) in response.headers where name != "content-length" && name != "connection" {
            append("\r\n", to: &out)
            out.append(contentsOf: name.utf8)
            append(": ", to: &out)
            out.append(contentsOf: value.utf8)
        }
        append("\r\n\r\n", to: &out)
        if !omittingBody { out.append(contentsOf: response.body) }
    }

    private static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
