import HTTPServer
import JSONCore
import Vault

/// The operations of the vault's own API, for `GET /openapi.json`. Each names its parameters, body and own
/// answers; the error answers every request can meet come from `OpenAPI.operation`. What has a shape of its
/// own (a query parameter's schema, an answer with examples) is kept as JSON text, like the components.
extension OpenAPI {
    static var piiVaultPaths: [(String, JSONValue)] {
        [
            ("/v1/d/pii/tokenize", object([
                ("post", operation("tokenize", summary: "Tokenize PII data", tag: "tokenOperations",
                                   parameters: requestHeaders + [ref("parameters/ResidencyRegion")],
                                   body: jsonBody(ref("schemas/TokenizeRequest")),
                                   responses: [("200", response("Tokens and per-key errors",
                                                                schema: ref("schemas/TokenizeResponse")))],
                                   errors: [421],
                                   description: "Tokens live 30 days. Answered once the values are durable. Scopes: tokenize.")),
            ])),
            ("/v1/d/pii/detokenize", object([
                ("post", operation("detokenize", summary: "Detokenize tokens, profile, address and data ids",
                                   tag: "tokenOperations",
                                   parameters: requestHeaders,
                                   body: jsonBody(ref("schemas/DetokenizeRequest")),
                                   responses: [("200", response("Values and per-key errors",
                                                                schema: ref("schemas/DetokenizeResponse")))],
                                   description: "Scopes: detokenize, profiles:read, data:read.")),
            ])),
            ("/v1/d/pii/profiles", object([
                ("get", operation("listProfiles", summary: "List or search customer profiles", tag: "customerProfile",
                                  parameters: requestHeaders + [
                                      queryParameter("q", text(pattern: searchQuery), "Substring of email, full_name or "
                                                     + "phone_number (at least 3 characters once leading and trailing "
                                                     + "spaces and tabs are trimmed), or an exact id or display_id; "
                                                     + "blank lists every profile."),
                                      json(#"""
                    {
                     "name": "sort",
                     "in": "query",
                     "required": false,
                     "schema": {
                      "type": "string",
                      "enum": [
                       "created_at",
                       "created_at|asc",
                       "created_at|desc",
                       "updated_at",
                       "updated_at|asc",
                       "updated_at|desc"
                      ],
                      "default": "created_at|desc"
                     }
                    }
                    """#)] + pageParameters(PageQuery.profiles,
                                             maxOffset: PageQuery.profiles.offsets.upperBound - PageQuery.profiles.counts.upperBound,
                                             "No page may reach past \(ProfileQuery.maxResults) profiles: offset + count is at "
                                                 + "most \(ProfileQuery.maxResults) (so any count takes an offset up to this maximum)."),
                                  responses: [("200", response("A page of profiles", schema: ref("schemas/ProfileList")))],
                                  description: "A page may not reach past 10,000 results. Scopes: profiles:read.")),
                ("post", operation("getOrCreateProfile", summary: "Get or create a customer profile by e-mail",
                                   tag: "customerProfile",
                                   parameters: requestHeaders + [ref("parameters/ResidencyRegion")],
                                   body: jsonBody(ref("schemas/ProfileCreate")),
                                   responses: [
                                       ("200", response("The existing profile with this e-mail", schema: ref("schemas/Profile"),
                                                        links: profileLinks)),
                                       ("201", response("The new profile", schema: ref("schemas/Profile"), links: profileLinks)),
                                   ],
                                   errors: [421, 422],
                                   description: "Scopes: profiles:write.")),
            ])),
            ("/v1/d/pii/profiles/{profile_id}", object([
                ("parameters", .array([ref("parameters/ProfileId")])),
                ("get", operation("getProfile", summary: "Get a customer profile", tag: "customerProfile",
                                  parameters: requestHeaders,
                                  responses: [("200", response("The profile", schema: ref("schemas/Profile")))],
                                  errors: [404, 421],
                                  description: "Scopes: profiles:read.")),
                ("patch", operation("updateProfile", summary: "Update a customer profile", tag: "customerProfile",
                                    parameters: requestHeaders,
                                    body: jsonBody(ref("schemas/ProfilePatch")),
                                    responses: [("200", response("The updated profile", schema: ref("schemas/Profile")))],
                                    errors: [404, 409, 422, 421],
                                    description: "last_updated_at must equal the stored updated_at, else 409. "
                                        + "Scopes: profiles:write.")),
            ])),
            ("/v1/d/pii/profiles/{profile_id}/delete", object([
                ("parameters", .array([ref("parameters/ProfileId")])),
                ("post", operation("deleteProfile", summary: "Request customer profile deletion", tag: "customerProfile",
                                   parameters: requestHeaders,
                                   responses: [("202", response("Deleted: the profile's key is destroyed"))],
                                   errors: [404, 409, 421],
                                   description: "Scopes: profiles:write.")),
            ])),
        ] + addressPaths("/v1/d/pii/profiles/{profile_id}/addresses", AddressOperations(), tag: "address") + [
            ("/v1/d/pii/data", object([("post", storeDataOperation("storeData", get: "getData", delete: "deleteData"))])),
            ("/v1/d/pii/data/{data_id}", object([
                ("parameters", .array([ref("parameters/DataId")])),
                ("get", getDataOperation("getData")),
                ("delete", deleteDataOperation("deleteData")),
            ])),
            ("/v1/d/pii/audit", object([
                ("get", operation("listAudit", summary: "The tenant's audit records, newest first", tag: "audit",
                                  parameters: requestHeaders + pageParameters(PageQuery.audit),
                                  responses: [("200", response("A page of records", schema: ref("schemas/AuditList")))],
                                  description: "Scopes: audit:read.")),
            ])),
            ("/healthz", object([
                ("get", operation("health", summary: "Health", tag: "operations",
                                  responses: [("200", response("Every served store and the control store answer", schema: ref("schemas/Health"))),
                                              ("503", response("A store is down: unavailable names it", schema: ref("schemas/Health")))],
                                  standardErrors: openErrors, secured: false)),
            ])),
            ("/openapi.json", object([
                ("get", operation("openapi", summary: "This document", tag: "operations",
                                  responses: [("200", response("OpenAPI 3.1", schema: json(#"{"type":"object"}"#)))],
                                  standardErrors: openErrors, secured: false)),
            ])),
        ]
    }

    /// `POST .../data` (v1's and v2's): JSON with base64 content or the raw bytes; its links name the read and
    /// delete operations of the same generation.
    static func storeDataOperation(_ id: String, get: String, delete: String) -> JSONValue {
        operation(id, summary: "Store a data entry", tag: "data",
                  parameters: requestHeaders + [
                      ref("parameters/ResidencyRegion"),
                      queryParameter("ttl", ttl, "Days to keep a raw upload."),
                  ],
                  body: json(#"""
                    {
                     "required": true,
                     "content": {
                      "application/json": {
                       "schema": {
                        "$ref": "#/components/schemas/DataCreate"
                       }
                      },
                      "application/octet-stream": {
                       "schema": {
                        "type": "string",
                        "format": "binary"
                       }
                      }
                     }
                    }
                    """#),
                  responses: [("201", response("Stored", schema: ref("schemas/DataCreated"), links: [
                      ("GetData", link(get, "id", parameter: "data_id")),
                      ("DeleteData", link(delete, "id", parameter: "data_id")),
                  ]))],
                  errors: [421],
                  description: "JSON with base64 content, or the raw bytes with their own Content-Type "
                      + "(any but application/json). Scopes: data:write.")
    }

    static func getDataOperation(_ id: String) -> JSONValue {
        operation(id, summary: "Get a data entry", tag: "data",
                  parameters: requestHeaders,
                  responses: [("200", json(#"""
                    {
                     "description": "The exact bytes, with the stored Content-Type",
                     "content": {
                      "*/*": {
                       "schema": {
                        "type": "string",
                        "format": "binary"
                       }
                      }
                     }
                    }
                    """#))],
                  errors: [404, 421],
                  description: "Scopes: data:read.")
    }

    static func deleteDataOperation(_ id: String) -> JSONValue {
        operation(id, summary: "Delete a data entry", tag: "data",
                  parameters: requestHeaders,
                  responses: [("204", response("Deleted"))],
                  errors: [404, 421],
                  description: "Scopes: data:write.")
    }

    /// `q`: blank (spaces and tabs), or at least 3 characters between its first and last that are not.
    static let searchQuery = #"^[\t ]*$|^[\t ]*[^\t ].+[^\t ][\t ]*$"#

    /// From a profile to what can be done with it (schemathesis follows links to chain requests).
    private static var profileLinks: [(String, JSONValue)] {
        [("GetProfile", "getProfile"), ("UpdateProfile", "updateProfile"), ("ListAddresses", "listAddresses"),
         ("CreateAddress", "getOrCreateAddress"), ("DeleteProfile", "deleteProfile")]
            .map { ($0.0, link($0.1, "id", parameter: "profile_id")) }
    }

    /// The operation ids of a generation's address routes.
    struct AddressOperations {
        var list = "listAddresses", create = "getOrCreateAddress", get = "getAddress", update = "updateAddress", delete = "deleteAddress"
        var createSchema = "AddressCreate", patchSchema = "AddressPatch", answer = "Address", listSchema = "AddressList"
    }

    /// A profile's addresses under `path` (v1's and v2's).
    static func addressPaths(_ path: String, _ ids: AddressOperations, tag: String) -> [(String, JSONValue)] {
        // From a new address to its operations: the profile from the request's path, the address from the body.
        let links: [(String, JSONValue)] = [("GetAddress", ids.get), ("UpdateAddress", ids.update), ("DeleteAddress", ids.delete)].map {
            ($0.0, object([("operationId", .string($0.1)), ("parameters", object([
                ("profile_id", .string("$request.path.profile_id")), ("address_id", .string("$response.body#/id")),
            ]))]))
        }
        return [
            (path, object([
                ("parameters", .array([ref("parameters/ProfileId")])),
                ("get", operation(ids.list, summary: "List a profile's addresses", tag: tag,
                                  parameters: requestHeaders + pageParameters(PageQuery.addresses),
                                  responses: [("200", response("A page of addresses", schema: ref("schemas/" + ids.listSchema)))],
                                  errors: [404, 421],
                                  description: "Oldest first. Scopes: profiles:read.")),
                ("post", operation(ids.create, summary: "Get or create an address", tag: tag,
                                   parameters: requestHeaders,
                                   body: jsonBody(ref("schemas/" + ids.createSchema)),
                                   responses: [
                                       ("200", response("The identical existing address", schema: ref("schemas/" + ids.answer))),
                                       ("201", response("The new address", schema: ref("schemas/" + ids.answer), links: links)),
                                   ],
                                   errors: [404, 422, 421],
                                   description: "A profile holds at most 1,000 addresses: a new one past that replaces the "
                                       + "oldest. Scopes: profiles:write.")),
            ])),
            (path + "/{address_id}", object([
                ("parameters", .array([ref("parameters/ProfileId"), ref("parameters/AddressId")])),
                ("get", operation(ids.get, summary: "Get an address", tag: tag,
                                  parameters: requestHeaders,
                                  responses: [("200", response("The address", schema: ref("schemas/" + ids.answer)))],
                                  errors: [404, 421],
                                  description: "Scopes: profiles:read.")),
                ("patch", operation(ids.update, summary: "Update an address", tag: tag,
                                    parameters: requestHeaders,
                                    body: jsonBody(ref("schemas/" + ids.patchSchema)),
                                    responses: [("200", response("The updated address", schema: ref("schemas/" + ids.answer)))],
                                    errors: [404, 409, 422, 421],
                                    description: "Scopes: profiles:write.")),
                ("delete", operation(ids.delete, summary: "Delete an address", tag: tag,
                                     parameters: requestHeaders,
                                     responses: [("204", response("Deleted"))],
                                     errors: [404, 421],
                                     description: "Scopes: profiles:write.")),
            ])),
        ]
    }
}
