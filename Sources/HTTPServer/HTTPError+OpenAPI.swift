import JSONCore

/// How the OpenAPI document describes this error: the statuses the route modules answer with its body, and
/// the body's members. The shared components built from them (`OpenAPI.sharedComponents`) live in this module,
/// beside the one type that writes that body, so that every part referring to them resolves without another
/// module's text.
extension HTTPError {
    /// Each status an operation may list, with what it means in this service: the document has one
    /// `E<status>` response per entry, in this order (421 stands after 409, where the document first listed
    /// it, so the served bytes stayed the same when the list moved here). A route module documents a status
    /// of its own meaning (Clienteling's 502) with `OpenAPI.problemResponse` in its own part.
    package static let documentedStatuses: [(status: Int, description: String)] = [
        (400, "Bad request"),
        (401, "Missing, unknown, revoked or expired API key"),
        (403, "Wrong tenant or missing scope"),
        (404, "Not found: unknown, deleted, expired or another tenant's"),
        (405, "Method not allowed"),
        (408, "Request timeout"),
        (409, "Conflict"),
        (421, "Misdirected: the data belongs to a region this node does not serve and has no peer for"),
        (411, "Length required (chunked bodies are refused)"),
        (413, "Content too large"),
        (414, "URI too long"),
        (415, "Unsupported media type"),
        (417, "Expectation failed"),
        (422, "A field breaks its rule (the message names it)"),
        (429, "Over the key's rate limit"),
        (431, "Request header fields too large"),
        (500, "Internal error"),
        (503, "Unavailable; retry later"),
        (505, "HTTP version not supported"),
    ]

    /// The members `response(requestID:)` writes, in its order, with their JSON types.
    package static let bodyMembers = [("request_id", "string"), ("message", "string"), ("error_code", "string"), ("type", "string"),
                                      ("title", "string"), ("status", "integer")]
}

extension OpenAPI {
    /// The components every route module's operations refer to: the bearer scheme, the `Tenant` and
    /// `X-Request-Id` headers, the `Problem` schema and the `E<status>` responses. Merged into the document
    /// before any module's part (the sections and their first members keep the document's order).
    package static var sharedComponents: JSONValue {
        object([("components", object([
            ("securitySchemes", object([(bearerScheme, object([
                ("type", .string("http")), ("scheme", .string("bearer")), ("description", .string("pvk_<16 hex>_<43 characters>")),
            ]))])),
            ("parameters", object(requestHeaderParameters)),
            ("schemas", object([(problemSchema, object([
                ("type", .string("object")),
                ("required", .array(HTTPError.bodyMembers.map { .string($0.0) })),
                ("properties", object(HTTPError.bodyMembers.map { ($0.0, object([("type", .string($0.1))])) })),
            ]))])),
            ("responses", object(HTTPError.documentedStatuses.map { ("E\($0.status)", problemResponse($0.description)) })),
        ]))])
    }

    /// The headers every authenticated operation takes: `Tenant` and `X-Request-Id`.
    package static var requestHeaders: [JSONValue] { requestHeaderParameters.map { ref("parameters/\($0.0)") } }

    /// The shared response of `status`, one of `HTTPError.documentedStatuses` (or a module's own `E<status>`).
    package static func errorResponse(_ status: Int) -> JSONValue { ref("responses/E\(status)") }

    /// A response of a problem body (`HTTPError`), meaning `description`.
    package static func problemResponse(_ description: String) -> JSONValue {
        object([("description", .string(description)), ("content", object([
            (HTTPError.contentType, object([("schema", ref("schemas/\(problemSchema)"))])),
        ]))])
    }

    /// The security scheme of `operation(secured: true)`.
    static let bearerScheme = "bearer"
    private static let problemSchema = "Problem"

    private static var requestHeaderParameters: [(String, JSONValue)] {
        [
            ("Tenant", header("Tenant", required: true, text(pattern: "^[a-z0-9][a-z0-9-]{0,62}$"),
                              "The tenant; must be the API key's.")),
            ("RequestId", header("X-Request-Id", required: false, text(),
                                 "Kept when 1 to 64 of letters, digits, '-', '_', '.'; otherwise replaced. Echoed in every answer.")),
        ]
    }

    private static func header(_ name: String, required: Bool, _ schema: JSONValue, _ description: String) -> JSONValue {
        object([("name", .string(name)), ("in", .string("header")), ("required", .bool(required)), ("schema", schema),
                ("description", .string(description))])
    }
}
