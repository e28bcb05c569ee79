import JSONCore

/// Building blocks of an OpenAPI 3.1 document, shared by the route modules that describe their operations
/// (each one's part is merged into the one document served at `GET /openapi.json`). An operation gets the
/// error answers every request can meet from this server (the limits, authentication, a store down) without
/// listing them by hand, so they cannot drift apart between operations.
package enum OpenAPI {
    /// What any authenticated request can be answered besides its own statuses: a bad request or its limits
    /// (400, 408, 413, 414, 431), the key (401, 403, 429), and the server (500, 503).
    package static let authenticatedErrors = [400, 401, 403, 408, 413, 414, 429, 431, 500, 503]
    /// Added for an operation that takes a body: `Transfer-Encoding`, media type, `Expect`.
    package static let bodyErrors = [411, 415, 417]
    /// What an operation without a key (health, this document) can be answered besides its own statuses.
    package static let openErrors = [400, 408, 414, 431, 500]

    /// An operation. `responses` are its own answers; each status of `standardErrors` and `errors` refers to
    /// its shared `E<status>` response (`sharedComponents`), plus `bodyErrors` when it takes a `body` (a whole
    /// `requestBody`). `secured` operations need the bearer key.
    package static func operation(_ id: String, summary: String, tag: String, parameters: [JSONValue] = [],
                                 body: JSONValue? = nil, responses: [(String, JSONValue)], errors: [Int] = [],
                                 standardErrors: [Int] = authenticatedErrors, secured: Bool = true,
                                 description: String? = nil) -> JSONValue {
        let codes = Set(standardErrors + errors + (body == nil ? [] : bodyErrors)).sorted()
        var members: [(String, JSONValue)] = [("summary", .string(summary)), ("operationId", .string(id)),
                                              ("tags", .array([.string(tag)]))]
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let body { members.append(("requestBody", body)) }
        members.append(("responses", object(responses + codes.map { (String($0), errorResponse($0)) })))
        members.append(("security", .array(secured ? [object([(bearerScheme, .array([]))])] : [])))
        if let description { members.append(("description", .string(description))) }
        return object(members)
    }

    /// A required JSON body of `schema`.
    package static func jsonBody(_ schema: JSONValue) -> JSONValue {
        object([("required", .bool(true)), ("content", object([("application/json", object([("schema", schema)]))]))])
    }

    package static func response(_ description: String, schema: JSONValue? = nil, links: [(String, JSONValue)] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [("description", .string(description))]
        if let schema { members.append(("content", object([("application/json", object([("schema", schema)]))]))) }
        if !links.isEmpty { members.append(("links", object(links))) }
        return object(members)
    }

    /// A link passing `field` of the answer's body as `parameter` of `operation` (schemathesis follows them).
    package static func link(_ operation: String, _ field: String, parameter: String = "id") -> JSONValue {
        object([("operationId", .string(operation)), ("parameters", object([(parameter, .string("$response.body#/\(field)"))]))])
    }

    package static func object(_ members: [(String, JSONValue)]) -> JSONValue { .object(members.map { JSONMember($0.0, $0.1) }) }

    /// `#/components/<path>`.
    package static func ref(_ path: String) -> JSONValue { object([("$ref", .string("#/components/\(path)"))]) }

    /// A part kept as JSON text (schemas are easier to read that way); the text is ours, so bad JSON is a
    /// programming error.
    package static func json(_ text: String) -> JSONValue {
        guard let value = try? JSONParser.parse(Array(text.utf8)) else { preconditionFailure("OpenAPI part is not JSON") }
        return value
    }

    package static func text(min: Int? = nil, max: Int? = nil, pattern: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("string"))]
        if let min { members.append(("minLength", .number(String(min)))) }
        if let max { members.append(("maxLength", .number(String(max)))) }
        if let pattern { members.append(("pattern", .string(pattern))) }
        return object(members)
    }

    package static func array(_ items: JSONValue, min: Int? = nil, max: Int? = nil, unique: Bool = false) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("array")), ("items", items)]
        if let min { members.append(("minItems", .number(String(min)))) }
        if let max { members.append(("maxItems", .number(String(max)))) }
        if unique { members.append(("uniqueItems", .bool(true))) }
        return object(members)
    }

    package static func enumeration(_ values: [String]) -> JSONValue {
        object([("type", .string("string")), ("enum", .array(values.map(JSONValue.string)))])
    }

    /// An object of exactly these properties (sorted by name, for a stable document).
    package static func strict(_ properties: [String: JSONValue], required: [String], minProperties: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("object")),
                                              ("properties", object(properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
                                              ("required", .array(required.map(JSONValue.string))),
                                              ("additionalProperties", .bool(false))]
        if let minProperties { members.append(("minProperties", .number(String(minProperties)))) }
        return object(members)
    }

    package static func pathParameter(_ name: String, _ schema: JSONValue) -> JSONValue {
        object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)), ("schema", schema)])
    }

    /// An optional integer query parameter from `minimum` to `maximum`, `default` when absent.
    package static func integerQuery(_ name: String, _ minimum: Int, _ maximum: Int, default value: Int) -> JSONValue {
        object([("name", .string(name)), ("in", .string("query")), ("required", .bool(false)), ("schema", object([
            ("type", .string("integer")), ("minimum", .number(String(minimum))), ("maximum", .number(String(maximum))),
            ("default", .number(String(value))),
        ]))])
    }

    package static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        object([("name", .string(name)), ("in", .string("query")), ("required", .bool(false)), ("schema", schema),
                ("description", .string(description))])
    }
}
