import HTTPServer
import JSONCore

/// The Customer Profile API v2's operations (`/customer/*`), with the swagger's operation ids. Their bodies
/// are v1's where v2's are the same; v2's own shapes have schemas named `Customer...`.
extension OpenAPI {
    static var customerV2Paths: [(String, JSONValue)] {
        [
            ("/customer/tokens", object([
                ("post", operation("createTokensOperations", summary: "Tokenize values, or detokenize tokens and ids",
                                   tag: "customerV2",
                                   parameters: requestHeaders + [ref("parameters/ResidencyRegion"), json(#"""
                    {
                     "name": "operation",
                     "in": "query",
                     "required": false,
                     "schema": {
                      "type": "string",
                      "enum": [
                       "tokenize",
                       "detokenize"
                      ],
                      "default": "tokenize"
                     }
                    }
                    """#)],
                                   body: jsonBody(ref("schemas/TokenizeRequest")),
                                   responses: [("200", response("Tokens or values, and per-key errors",
                                                                schema: ref("schemas/CustomerTokensResponse")))],
                                   errors: [421],
                                   description: "data holds 1 to 25 keys for either operation. A detokenize takes "
                                       + "tokens, profile, address and data ids. Scopes: tokenize (or customer:profile:write) "
                                       + "to tokenize; detokenize, profiles:read, data:read (or customer:profile:read) per "
                                       + "kind of id to detokenize.")),
            ])),
            ("/customer/data", object([("post", storeDataOperation("createData", get: "showData", delete: "destroyData"))])),
            ("/customer/data/{data_id}", object([
                ("parameters", .array([ref("parameters/DataId")])),
                ("get", getDataOperation("showData")),
                ("delete", deleteDataOperation("destroyData")),
            ])),
        ]
    }
}
