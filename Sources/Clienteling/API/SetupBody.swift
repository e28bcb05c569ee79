import HTTPServer
import ISO3166
import JSONCore

/// A `/setup` request body read by field name. Anything the operation does not take, a field of the wrong
/// type, or a value breaking its rule is a 400 naming the field and the rule, never the value.
struct SetupBody {
    private var values: [String: JSONValue] = [:]

    init(_ request: HTTPRequest, accepted: [String]) throws(HTTPError) {
        let members = try request.jsonObject()
        for member in members {
            guard accepted.contains(member.key) else {
                throw HTTPError(400, "the body has a field this operation does not accept; accepted: \(accepted.joined(separator: ", "))")
            }
            guard values.updateValue(member.value, forKey: member.key) == nil else {
                throw HTTPError(400, "a field appears more than once in the body")
            }
        }
    }

    /// The string `name`, nil when absent. Its length counts characters; control characters are refused, and
    /// line breaks too unless `multiline` (message texts).
    func string(_ name: String, length: ClosedRange<Int>, multiline: Bool = false) throws(HTTPError) -> String? {
        switch values[name] {
        case nil: return nil
        case .string(let text)?:
            guard length.contains(text.count) else {
                throw HTTPError(400, "\(name) must have \(length.lowerBound) to \(length.upperBound) characters")
            }
            guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !(multiline && $0 == "\n") }) else {
                throw HTTPError(400, multiline ? "\(name) must not contain control characters other than line breaks"
                                               : "\(name) must be one line without control characters")
            }
            return text
        default: throw HTTPError(400, "\(name) must be a string")
        }
    }

    /// An array of `count` strings, each of `length` characters.
    func strings(_ name: String, count: ClosedRange<Int>, length: ClosedRange<Int>) throws(HTTPError) -> [String] {
        guard let value = values[name] else { throw HTTPError(400, "\(name) is required") }
        guard case .array(let items) = value, count.contains(items.count) else {
            throw HTTPError(400, "\(name) must be an array of \(count.lowerBound) to \(count.upperBound) strings")
        }
        var out: [String] = []
        for item in items {
            guard let text = item.stringValue, length.contains(text.count) else {
                throw HTTPError(400, "\(name) must hold strings of \(length.lowerBound) to \(length.upperBound) characters")
            }
            out.append(text)
        }
        return out
    }

    func required(_ name: String, length: ClosedRange<Int>, multiline: Bool = false) throws(HTTPError) -> String {
        guard let value = try string(name, length: length, multiline: multiline) else { throw HTTPError(400, "\(name) is required") }
        return value
    }
}

/// The formats of the set-up API's identifiers and numbers.
enum SetupFormat {
    static func storeID(_ request: HTTPRequest) throws(HTTPError) -> String {
        let id = request.pathParameters["store_id"] ?? ""
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count), isAlphanumeric(bytes[0]),
              bytes.allSatisfy({ isAlphanumeric($0) || "-_.".utf8.contains($0) }) else {
            throw HTTPError(400, "store_id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
        return id
    }

    static func phoneNumber(_ text: String, field: String) throws(HTTPError) -> String {
        guard PhoneNumber.isE164(text) else {
            throw HTTPError(400, "\(field) must be an E.164 number: '+' and 7 to 15 digits, e.g. +4930123456")
        }
        return text
    }

    static func country(_ text: String) throws(HTTPError) -> CountryCode {
        guard let country = CountryCode(text) else {
            throw HTTPError(400, "country_code must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE")
        }
        return country
    }

    /// An absolute `https` URL with a host, no credentials, no spaces.
    static func httpsLink(_ text: String) throws(HTTPError) -> String {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") else { throw HTTPError(400, "ecom_link must be an absolute https:// URL") }
        let rest = lower.dropFirst(8)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: ":", maxSplits: 1).first ?? ""
        guard !host.isEmpty, !authority.contains("@"),
              host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }),
              !text.contains(where: { $0.isWhitespace }) else {
            throw HTTPError(400, "ecom_link must be an absolute https:// URL with a host name")
        }
        return text
    }

    /// Query parameters: only `accepted` ones, each at most once.
    static func query(_ request: HTTPRequest, accepted: [String]) throws(HTTPError) -> [String: String] {
        guard let items = PercentDecoding.queryItems(request.query) else { throw HTTPError(400, "malformed query string") }
        var out: [String: String] = [:]
        for (name, value) in items {
            guard accepted.contains(name) else {
                throw HTTPError(400, accepted.isEmpty ? "this operation takes no query parameters"
                                                     : "unknown query parameter; accepted: \(accepted.joined(separator: ", "))")
            }
            guard out.updateValue(value, forKey: name) == nil else { throw HTTPError(400, "\(name) appears more than once") }
        }
        return out
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }
}
