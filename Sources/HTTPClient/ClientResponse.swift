/// An HTTP answer: status, headers (names in lower case) and the whole body.
package struct ClientResponse: Sendable {
    package let status: Int
    package let headers: [(name: String, value: String)]
    package let body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }

    /// How the body is delimited, decided once from the headers for both `parse` and `isComplete`.
    enum Framing: Equatable {
        case chunked
        case length(Int)
        case untilClose
    }

    /// The status line and headers, where the body starts, and its framing: chunked when the last
    /// `Transfer-Encoding` says so (RFC 9112: the coding then overrides any `Content-Length`), else one
    /// `Content-Length` (several must agree), else the end of the stream.
    struct Head {
        let status: Int
        let headers: [(name: String, value: String)]
        let bodyStart: Int
        let framing: Framing

        init?(_ bytes: [UInt8]) throws(HTTPClientError) {
            guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
            let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            let statusParts = lines[0].split(separator: " ", maxSplits: 2)
            guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), statusParts[1].count == 3,
                  let status = Int(statusParts[1]), (100...599).contains(status) else { throw .malformedResponse }
            var headers: [(name: String, value: String)] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse }
                headers.append((line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")))
            }
            let codings = headers.filter { $0.name == "transfer-encoding" }.map { $0.value.lowercased() }
            let lengths = Set(headers.filter { $0.name == "content-length" }.map(\.value))
            if let last = codings.last {
                framing = last.hasSuffix("chunked") ? .chunked : .untilClose
            } else if let length = lengths.first {
                guard lengths.count == 1, let count = Int(length), count >= 0 else { throw .malformedResponse }
                framing = .length(count)
            } else {
                framing = .untilClose
            }
            self.status = status
            self.headers = headers
            bodyStart = headEnd + 4
        }
    }

    /// Parses a whole answer (read until the peer closed, or judged complete by `isComplete`).
    static func parse(_ bytes: [UInt8]) throws(HTTPClientError) -> ClientResponse {
        guard let head = try Head(bytes) else { throw .malformedResponse }
        let rest = Array(bytes[head.bodyStart...])
        switch head.framing {
        case .chunked:
            return ClientResponse(status: head.status, headers: head.headers, body: try dechunk(rest))
        case .length(let count):
            guard rest.count >= count else { throw .malformedResponse }
            return ClientResponse(status: head.status, headers: head.headers, body: Array(rest.prefix(count)))
        case .untilClose:
            return ClientResponse(status: head.status, headers: head.headers, body: rest)
        }
    }

    /// Whether `bytes` already hold a whole answer framed by `Content-Length` or chunked encoding, so the
    /// client need not wait for a server that keeps the connection open despite `Connection: close`. A
    /// malformed head counts as complete: reading on would not mend it, and `parse` then says so.
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        let head: Head?
        do { head = try Head(bytes) } catch { return true }
        guard let head else { return false }
        switch head.framing {
        case .length(let count): return bytes.count - head.bodyStart >= count
        // Cheap test first (this runs after every read): only a body ending like the last chunk can be whole.
        case .chunked: return bytes.suffix(5) == [48, 13, 10, 13, 10] && (try? dechunk(Array(bytes[head.bodyStart...]))) != nil
        case .untilClose: return false
        }
    }

    private static func dechunk(_ bytes: [UInt8]) throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        var offset = 0
        while true {
            guard let lineEnd = find([13, 10], in: bytes, from: offset) else { throw .malformedResponse }
            let sizeText = String(decoding: bytes[offset..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(String(sizeText).trimmingCharacters(in: " "), radix: 16), size >= 0 else { throw .malformedResponse }
            offset = lineEnd + 2
            if size == 0 { return body }
            guard bytes.count >= offset + size + 2 else { throw .malformedResponse }
            body += bytes[offset..<(offset + size)]
            offset += size + 2
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
