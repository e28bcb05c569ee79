/// An absolute `http` or `https` URL split for a client: where to connect and the path to ask for.
package struct ClientURL: Sendable, Equatable {
    package let secure: Bool
    package let host: String
    package let port: Int
    /// The path and query, starting with `/`.
    package let target: String

    package init?(_ text: String) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            secure = true
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            secure = false
            rest = text.dropFirst(7)
        } else {
            return nil
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = rest.dropFirst(authority.count)
        guard !authority.isEmpty, !authority.contains("@"), !text.contains(where: { $0.isWhitespace }) else { return nil }
        var hostPart = Substring(authority)
        var portNumber = secure ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()), (1...65535).contains(value) else { return nil }
                portNumber = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else { return nil }
            portNumber = value
            hostPart = authority[..<colon]
        }
        // A name or an address, nothing else: the host also goes into the Host header.
        let bracketed = authority.hasPrefix("[")
        guard !hostPart.isEmpty, hostPart.allSatisfy({ character in
            character.isASCII && (character.isHexDigit || character == ":" || character == "."
                                  || (!bracketed && (character.isLetter || character.isNumber || character == "-")))
        }), bracketed == hostPart.contains(":") else { return nil }
        host = String(hostPart)
        port = portNumber
        target = path.isEmpty ? "/" : (path.hasPrefix("/") ? String(path) : "/" + path)
    }

    /// This URL with `path` (and query) appended to its own path, minus a trailing `/`.
    package func appending(_ path: String) -> String {
        let base = target == "/" ? "" : (target.hasSuffix("/") ? String(target.dropLast()) : target)
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "https" : "http")://\(bracketed):\(port)\(base)\(path)"
    }

    /// Whether the host is this machine (plain http is allowed there only, for test fakes).
    package var isLoopback: Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = octets.count == 4 && octets.allSatisfy { UInt8($0) != nil }
        return host == "localhost" || host == "::1" || (isIPv4 && octets[0] == "127")
    }
}
