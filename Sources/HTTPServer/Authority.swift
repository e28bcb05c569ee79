import Glibc

/// The authority HTTP names a server by, in `Host` and in absolute-form targets: RFC 9110 §7.2
/// `uri-host [ ":" port ]`, that is RFC 3986 §3.2 without userinfo (HTTP has none: RFC 9110 §4.2.4).
/// A request whose authority could be read two ways could be routed or cached by one party under a host
/// another did not see, so anything outside the grammar is refused, never repaired.
enum Authority {
    /// Whether `text` is `host [ ":" port ]` with a host that is not empty: an empty `Host` is allowed
    /// as the whole field value only (RFC 9112 §3.2), and the caller decides when; `:80` names nothing.
    static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        let rest: ArraySlice<UInt8>
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = bytes[1..<close]
            guard isIPv6(literal) || isIPvFuture(literal) else { return false }
            rest = bytes[(close + 1)...]
        } else {
            let end = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            guard end > 0, isRegName(bytes[..<end]) else { return false }
            rest = bytes[end...]
        }
        // `port = *DIGIT`: RFC 3986 lets it be empty (`host:`), and so do we.
        return rest.isEmpty || (rest.first == UInt8(ascii: ":") && rest.dropFirst().allSatisfy(isDigit))
    }

    /// `*( unreserved / pct-encoded / sub-delims )`, less the comma. A comma is a sub-delim, so `a,b` is a
    /// well-formed reg-name; but it is also how two Host values look once joined into one list
    /// (`a:1, b.invalid`, RFC 9110 §5.3), which one party may read as a list and another as one odd name.
    /// No DNS name has a comma, so refusing it costs nothing. IPv4 addresses are reg-names by this grammar.
    private static func isRegName(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isUnreserved(b) || isSubDelimiter(b) else { return false }
            i += 1
        }
        return true
    }

    /// RFC 3986 `IPv6address`, as the C library reads it (hex groups, one `::`, an IPv4 tail). No zone
    /// identifier: RFC 6874's `%25` is not part of HTTP's grammar.
    private static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 45, bytes.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":")
                                                                    || $0 == UInt8(ascii: ".") }) else { return false }
        var address = in6_addr()
        return String(decoding: bytes, as: UTF8.self).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// RFC 3986 `IPvFuture`: `"v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`, less the comma.
    private static func isIPvFuture(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.first == UInt8(ascii: "v") || bytes.first == UInt8(ascii: "V"),
              let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let version = bytes[(bytes.startIndex + 1)..<dot], rest = bytes[(dot + 1)...]
        return !version.isEmpty && version.allSatisfy(isHexDigit) && !rest.isEmpty
            && rest.allSatisfy { isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") }
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// RFC 3986 `sub-delims` without `,` (see `isRegName`).
    private static func isSubDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ";"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "f"))
    }
}
