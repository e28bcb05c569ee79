import HTTPServer

/// Query strings of paged lists.
enum PageQuery {
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
