/// Finds and parses a request head in buffered input, strictly per RFC 9112: CRLF line endings only,
/// no obsolete line folding, no whitespace before a header's colon, one `Content-Length` at most, and no
/// `Transfer-Encoding` (chunked bodies are refused with 411). Anything that could let two parties disagree
/// on where a request ends (request smuggling) is a 400 and the connection is closed.
struct RequestParser {
    enum Outcome {
        case needMore
        case head(RequestHead)
        case failure(HTTPError)
    }

    let limits: ServerConfiguration.Limits
    /// How far the search for the end of the head has got, so trickled input is never rescanned.
    private(set) var scanned = 0

    init(limits: ServerConfiguration.Limits) { self.limits = limits }

    mutating func reset() { scanned = 0 }

    /// Looks for a complete head at the start of `input` (which begins at the request's first byte).
    mutating func parse(_ input: UnsafeBufferPointer<UInt8>) -> Outcome {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var i = scanned
        var end: Int?
        while i < input.count {
            if input[i] == lf {
                guard i > 0, input[i - 1] == cr else { return .failure(HTTPError(400, "bare LF in request head")) }
                if i >= 3, input[i - 2] == lf, input[i - 3] == cr { end = i + 1; break }
            }
            i += 1
        }
        // A request line over its limit is 414 whether or not the whole head (over its own limit too) is in.
        if input.count > limits.maxRequestLineBytes, !input.prefix(limits.maxRequestLineBytes + 2).contains(lf) {
            return .failure(HTTPError(414, "request line longer than \(limits.maxRequestLineBytes) bytes"))
        }
        guard let headEnd = end else {
            scanned = max(0, input.count - 3)
            if input.count > limits.maxHeaderBytes {
                return .failure(HTTPError(431, "request headers larger than \(limits.maxHeaderBytes) bytes"))
            }
            return .needMore
        }
        guard headEnd <= limits.maxHeaderBytes else {
            return .failure(HTTPError(431, "request headers larger than \(limits.maxHeaderBytes) bytes"))
        }
        return Self.parseHead(UnsafeBufferPointer(rebasing: input[0..<headEnd]), limits: limits)
    }

    private static func parseHead(_ head: UnsafeBufferPointer<UInt8>, limits: ServerConfiguration.Limits) -> Outcome {
        // Lines without their CRLF; the last two entries are the empty line's remains.
        var lines: [UnsafeBufferPointer<UInt8>] = []
        lines.reserveCapacity(16)
        var start = 0
        for i in 0..<head.count where head[i] == UInt8(ascii: "\n") {
            lines.append(UnsafeBufferPointer(rebasing: head[start..<(i - 1)]))
            start = i + 1
        }
        guard let requestLine = lines.first else { return .failure(HTTPError(400, "empty request")) }
        guard requestLine.count <= limits.maxRequestLineBytes else {
            return .failure(HTTPError(414, "request line longer than \(limits.maxRequestLineBytes) bytes"))
        }
        // method SP target SP version: exactly two spaces (found by hand: this runs for every request).
        guard let firstSpace = requestLine.firstIndex(of: UInt8(ascii: " ")),
              let secondSpace = requestLine[(firstSpace + 1)...].firstIndex(of: UInt8(ascii: " ")),
              !requestLine[(secondSpace + 1)...].contains(UInt8(ascii: " ")) else {
            return .failure(HTTPError(400, "malformed request line"))
        }
        let methodBytes = requestLine[0..<firstSpace], targetBytes = requestLine[(firstSpace + 1)..<secondSpace]
        let versionBytes = requestLine[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, !targetBytes.isEmpty,
              methodBytes.allSatisfy(isTokenByte), targetBytes.allSatisfy(isTargetByte) else {
            return .failure(HTTPError(400, "malformed request line"))
        }
        let version: HTTPRequest.Version
        if versionBytes.elementsEqual("HTTP/1.1".utf8) {
            version = .http11
        } else if versionBytes.elementsEqual("HTTP/1.0".utf8) {
            version = .http10
        } else if versionBytes.starts(with: "HTTP/".utf8) {
            return .failure(HTTPError(505, "only HTTP/1.0 and HTTP/1.1 are supported"))
        } else {
            return .failure(HTTPError(400, "malformed request line"))
        }
        let target: RequestTarget
        do {
            target = try RequestTarget(targetBytes)
        } catch {
            return .failure(error)
        }

        var headers = HTTPHeaders()
        var contentLength: Int?
        var sawHost = false
        var expectsContinue = false
        let fieldLines = lines.dropFirst().dropLast()
        guard fieldLines.count <= limits.maxHeaderCount else {
            return .failure(HTTPError(431, "more than \(limits.maxHeaderCount) header fields"))
        }
        for line in fieldLines {
            guard let first = line.first else { continue }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                return .failure(HTTPError(400, "obsolete line folding is not accepted"))
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                  line[0..<colon].allSatisfy(isTokenByte) else {
                return .failure(HTTPError(400, "malformed header field"))
            }
            let rawValue = line[(colon + 1)...]
            guard rawValue.allSatisfy(isFieldValueByte) else {
                return .failure(HTTPError(400, "invalid character in a header value"))
            }
            let name = HTTPHeaders.lowercasedName(UnsafeBufferPointer(rebasing: line[0..<colon]))
            let value = String(decoding: Self.trimmingSpaces(rawValue), as: UTF8.self)
            switch name {
            case "content-length":
                guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                      let length = Int(value) else {
                    return .failure(HTTPError(400, "invalid Content-Length"))
                }
                if let earlier = contentLength, earlier != length {
                    return .failure(HTTPError(400, "conflicting Content-Length headers"))
                }
                contentLength = length
            case "transfer-encoding":
                if contentLength != nil || headers["content-length"] != nil {
                    return .failure(HTTPError(400, "both Content-Length and Transfer-Encoding"))
                }
            case "host":
                if sawHost { return .failure(HTTPError(400, "more than one Host header")) }
                // Empty is how a client says the target has no authority (RFC 9112 §3.2).
                guard value.isEmpty || Authority.isValid(value) else {
                    return .failure(HTTPError(400, "invalid Host header"))
                }
                sawHost = true
            case "expect":
                guard value.lowercased() == "100-continue" else {
                    return .failure(HTTPError(417, "only Expect: 100-continue is supported"))
                }
                expectsContinue = true
            default:
                break
            }
            headers.addLowercased(name: name, value: value)
        }
        if headers["transfer-encoding"] != nil {
            if contentLength != nil { return .failure(HTTPError(400, "both Content-Length and Transfer-Encoding")) }
            return .failure(HTTPError(411, "chunked request bodies are not supported: send Content-Length"))
        }
        // Even in absolute-form: HTTP/1.1 clients MUST send Host (RFC 9112 §3.2), which the target then overrides.
        if version == .http11 && !sawHost { return .failure(HTTPError(400, "missing Host header")) }
        if let authority = target.authority { headers.replaceOrAdd(name: "host", value: authority) }
        let length = contentLength ?? 0
        let method = String(decoding: methodBytes, as: UTF8.self)
        let maxBody = limits.maxBodyBytes(method: method, target: target.pathAndQuery)
        guard length <= maxBody else {
            return .failure(HTTPError(413, "request body larger than \(maxBody) bytes"))
        }
        return .head(RequestHead(
            method: method,
            target: target.pathAndQuery,
            version: version, headers: headers, contentLength: length,
            expectsContinue: expectsContinue && length > 0, byteCount: head.count))
    }

    /// A field value without its leading and trailing spaces and tabs (RFC 9110 §5.5 `OWS`).
    private static func trimmingSpaces(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = value.startIndex, end = value.endIndex
        while start < end && (value[start] == 0x20 || value[start] == 0x09) { start += 1 }
        while end > start && (value[end - 1] == 0x20 || value[end - 1] == 0x09) { end -= 1 }
        return value[start..<end]
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Visible ASCII: no spaces, controls or raw non-ASCII in a request target.
    private static func isTargetByte(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    /// Field values: visible characters, spaces, tabs and obs-text; no other controls.
    private static func isFieldValueByte(_ b: UInt8) -> Bool { b == 0x09 || (b >= 0x20 && b != 0x7F) }
}
