import JSONCore

extension HTTPRequest {
    /// The body as a JSON object, after checking the media type: 415 unless JSON (`application/json` or any
    /// `+json` type), 400 for malformed JSON or anything but an object.
    package func jsonObject() throws(HTTPError) -> [JSONMember] {
        guard let type = mediaType, type == "application/json" || type.hasSuffix("+json") else {
            throw HTTPError(415, "Content-Type must be application/json")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw HTTPError(400, "malformed JSON: \(error.description)")
        }
        guard let members = value.objectMembers else { throw HTTPError(400, "the body must be a JSON object") }
        return members
    }
}
