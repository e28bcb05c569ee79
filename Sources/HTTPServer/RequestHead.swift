/// A request's start line and headers, parsed and checked, before the body arrives.
struct RequestHead {
    var method: String
    var target: String
    var version: HTTPRequest.Version
    var headers: HTTPHeaders
    var contentLength: Int
    var expectsContinue: Bool
    /// Bytes from the request line through the blank line.
    var byteCount: Int
}
