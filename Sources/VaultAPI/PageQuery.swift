import HTTPServer
import Vault

/// Query strings of paged lists.
enum PageQuery {
    /// A list's `offset` and `count` ranges and its default `count` (the OpenAPI document states them).
    struct Limits {
        let offsets: ClosedRange<Int>
        let counts: ClosedRange<Int>
        let defaultCount: Int
    }

    /// Profiles: besides these ranges, no page may reach past `ProfileQuery.maxResults` (offset + count).
    static let profiles = Limits(offsets: 0...ProfileQuery.maxResults, counts: 1...500, defaultCount: ProfileQuery().count)
    static let addresses = Limits(offsets: 0...Int(Int32.max), counts: 1...1_000, defaultCount: 10)
    static let audit = Limits(offsets: 0...10_000, counts: 1...500, defaultCount: 50)

    /// A query of `offset` and `count` alone, within `limits`.
    static func offsetAndCount(_ request: HTTPRequest, _ limits: Limits) throws(HTTPError) -> (offset: Int, count: Int) {
        var offset = 0, count = limits.defaultCount
        for (name, value) in try items(request, accepted: ["offset", "count"]) {
            if name == "offset" {
                offset = try integer(value, name: "offset", in: limits.offsets)
            } else {
                count = try integer(value, name: "count", in: limits.counts)
            }
        }
        return (offset, count)
    }

    static func items(_ request: HTTPRequest, accepted: [String]) throws(HTTPError) -> [(String, String)] {
        guard let items = PercentDecoding.queryItems(request.query) else { throw HTTPError(400, "malformed query string") }
        var seen = Set<String>()
        for (name, _) in items {
            guard accepted.contains(name) else {
                throw HTTPError(400, "unknown query parameter; accepted: \(accepted.joined(separator: ", "))")
            }
            guard seen.insert(name).inserted else { throw HTTPError(400, "\(name) appears more than once") }
        }
        return items
    }

    static func integer(_ text: String, name: String, in range: ClosedRange<Int>) throws(HTTPError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError(400, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
