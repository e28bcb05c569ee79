/// An HTTP answer: status, headers (names in lower case) and the whole body.
public struct ClientResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }

    /// Parses a complete answer read until the peer closed: status line, headers, then a body framed by
    /// `Transfer-Encoding: chunked`, `Content-Length` or the end of the stream.
    static func parse(_ bytes: [UInt8]) throws(HTTPClientError) -> ClientResponse {
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { throw .malformedResponse }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), statusParts[1].count == 3,
              let status = Int(statusParts[1]), (100...599).contains(status) else { throw .malformedResponse }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse }
            headers.append((line[..<colon].lowercased(), String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")))
        }
        let rest = Array(bytes[(headEnd + 4)...])
        let response = ClientResponse(status: status, headers: headers, body: [])
        if response.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            return ClientResponse(status: status, headers: headers, body: try dechunk(rest))
        }
        if let length = response.header("content-length") {
            guard let count = Int(length), count >= 0, rest.count >= count else { throw .malformedResponse }
            return ClientResponse(status: status, headers: headers, body: Array(rest.prefix(count)))
        }
        return ClientResponse(status: status, headers: headers, body: rest)
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
