/// A request target reduced to what routing needs. Origin-form (`/path?query`) is kept as sent;
/// absolute-form (`http://host/path?query`), which a server MUST accept (RFC 9112 §3.2.2), is split into
/// its authority, which then stands for `Host`, and its path and query. Other forms (`*`, `host:port`)
/// are for methods we do not serve.
struct RequestTarget {
    /// The path and query, starting with `/`.
    let pathAndQuery: String
    /// The authority of an absolute-form target.
    let authority: String?

    /// `bytes` are visible ASCII already (the request line's rules), so characters and bytes are one.
    init(_ bytes: some Collection<UInt8>) throws(HTTPError) {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("/") {
            pathAndQuery = text
            authority = nil
            return
        }
        guard let rest = Self.droppingScheme(text) else {
            throw HTTPError(400, "request target must be an absolute path or an http(s) URI")
        }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        // An http(s) URI with an empty host is invalid (RFC 9110 §4.2.1), and `isValid` refuses one.
        guard Authority.isValid(rest[..<end]) else {
            throw HTTPError(400, "invalid authority in the request target")
        }
        authority = String(rest[..<end])
        let path = rest[end...]
        pathAndQuery = path.hasPrefix("/") ? String(path) : "/" + path
    }

    /// What follows `http://` or `https://`; schemes are case-insensitive (RFC 3986 §3.1).
    private static func droppingScheme(_ text: String) -> Substring? {
        for scheme in ["http://", "https://"] where text.prefix(scheme.count).lowercased() == scheme {
            return text.dropFirst(scheme.count)
        }
        return nil
    }
}
