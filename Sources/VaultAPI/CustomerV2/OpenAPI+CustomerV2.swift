import HTTPServer
import JSONCore
import Vault

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
            ("/customer/config", object([
                ("get", operation("showConfiguration", summary: "The tenant's v2 settings", tag: "customerV2",
                                  parameters: requestHeaders,
                                  responses: [("200", response("The settings", schema: ref("schemas/CustomerConfig")))],
                                  description: "The CRM token is never answered (api_token is \"\"; api_token_set says whether "
                                      + "one is held). Scopes: profiles:read.")),
                ("patch", operation("updateConfiguration", summary: "Change the tenant's v2 settings", tag: "customerV2",
                                    parameters: requestHeaders,
                                    body: jsonBody(ref("schemas/CustomerConfigPatch")),
                                    responses: [("200", response("The settings", schema: ref("schemas/CustomerConfig")))],
                                    errors: [422],
                                    description: "byo_crm.enabled and nom_consumer_profiles_merge cannot both be true (422). "
                                        + "\"\" clears url and api_token. The vault keeps both settings and acts on neither. "
                                        + "Scopes: profiles:write.")),
            ])),
            ("/customer/profiles", object([
                ("get", operation("GetlistProfiles", summary: "List or search customer profiles (v2)", tag: "customerV2",
                                  parameters: requestHeaders + [queryParameter("q", text(pattern: searchQuery),
                                                                               "As v1's: a substring of 3 or more characters, or an exact id or display_id.")]
                                      + pageParameters(PageQuery.profiles,
                                                       maxOffset: PageQuery.profiles.offsets.upperBound - PageQuery.profiles.counts.upperBound),
                                  responses: [("200", response("A page of profiles", schema: ref("schemas/CustomerProfileList")))],
                                  description: "v1's search, v2's shape; sort as v1's (created_at|desc by default). Scopes: profiles:read.")),
                ("post", operation("createOrShowProfile", summary: "Get or create a customer profile by e-mail (v2)", tag: "customerV2",
                                   parameters: requestHeaders + [ref("parameters/ResidencyRegion")],
                                   body: jsonBody(ref("schemas/CustomerProfileCreate")),
                                   responses: [("201", response("The profile, new or found", schema: ref("schemas/CustomerProfile"),
                                                                links: [("GetProfile", "GetshowProfile"), ("UpdateProfile", "customerUpdateProfile"),
                                                                        ("DeleteProfile", "createProfileDeletionRequest")]
                                                                    .map { ($0.0, link($0.1, "id", parameter: "profile_id")) }))],
                                   errors: [421, 422],
                                   description: "201 whether made or found, as v2 documents. first_name and last_name, or "
                                       + "full_name, not both (400). Scopes: profiles:write.")),
            ])),
            ("/customer/profiles/lookup-bulk-emails", object([
                ("post", operation("createRetrievalBulkEmailProfiles", summary: "Profile ids of up to 1,000 e-mails", tag: "customerV2",
                                   parameters: requestHeaders,
                                   body: jsonBody(ref("schemas/CustomerEmailLookup")),
                                   responses: [("200", response("The e-mails that name a profile, each with its id",
                                                                schema: ref("schemas/CustomerEmailLookupResults")))],
                                   errors: [422],
                                   description: "Exact matches, compared as get-or-create compares e-mails (case-insensitively) "
                                       + "and answered as sent; e-mails without a profile are left out. This node's regions "
                                       + "only (not forwarded to peers). Scopes: profiles:read.")),
            ])),
            ("/customer/profiles/{profile_id}", object([
                ("parameters", .array([ref("parameters/ProfileId")])),
                ("get", operation("GetshowProfile", summary: "Get a customer profile (v2)", tag: "customerV2",
                                  parameters: requestHeaders,
                                  responses: [("200", response("The profile", schema: ref("schemas/CustomerProfile")))],
                                  errors: [404, 421],
                                  description: "Scopes: profiles:read.")),
                ("patch", operation("customerUpdateProfile", summary: "Update a customer profile (v2)", tag: "customerV2",
                                    parameters: requestHeaders,
                                    body: jsonBody(ref("schemas/CustomerProfilePatch")),
                                    responses: [("200", response("The updated profile", schema: ref("schemas/CustomerProfile")))],
                                    errors: [404, 409, 422, 421],
                                    description: "last_updated_at must equal the stored updated_at, else 409; "
                                        + "extended_attributes replace the whole map. Scopes: profiles:write.")),
                ("post", operation("createProfileDeletionRequest", summary: "Request customer profile deletion (v2)", tag: "customerV2",
                                   parameters: requestHeaders,
                                   body: jsonBody(ref("schemas/CustomerProfileDeletion")),
                                   responses: [("202", response("Deleted: the profile's key is destroyed"))],
                                   errors: [404, 409, 421, 422],
                                   description: "Scopes: profiles:write.")),
            ])),
            ("/customer/data", object([("post", storeDataOperation("createData", get: "showData", delete: "destroyData"))])),
            ("/customer/data/{data_id}", object([
                ("parameters", .array([ref("parameters/DataId")])),
                ("get", getDataOperation("showData")),
                ("delete", deleteDataOperation("destroyData")),
            ])),
        ] + addressPaths("/customer/profiles/{profile_id}/addresses",
                         AddressOperations(list: "customerListAddresses", create: "createOrShowAddress", get: "showAddress",
                                           update: "customerUpdateAddress", delete: "destroyAddress",
                                           createSchema: "CustomerAddressCreate", patchSchema: "CustomerAddressPatch",
                                           answer: "CustomerAddress", listSchema: "CustomerAddressList"),
                         tag: "customerV2")
    }
}

/// v2's request schemas, from v1's field rules.
extension OpenAPI {
    /// v1's address fields with the lines v1 requires made nullable.
    private static var v2AddressFields: [String: JSONValue] {
        var fields = addressFields
        for name in v1RequiredAddressFields { fields[name] = fields[name].map(nullable) }
        return fields
    }

    static var customerV2RequestSchemas: [(String, JSONValue)] {
        let part = nullable(line(0...FieldRules.maxNamePartLength))
        let fields = profileFields.merging(["first_name": part, "last_name": part], uniquingKeysWith: { $1 })
        // One way of naming a customer per request: both is 400.
        let oneNaming = json(#"""
            {
             "anyOf": [
              {"required": ["first_name", "full_name"]},
              {"required": ["last_name", "full_name"]}
             ]
            }
            """#)
        func naming(_ schema: JSONValue) -> JSONValue {
            .object((schema.objectMembers ?? []) + [JSONMember("not", oneNaming)])
        }
        let crm = strict([
            "enabled": object([("type", .string("boolean"))]),
            "url": text(max: TenantSettings.maxURLLength, pattern: "^$|^[hH][tT][tT][pP][sS]?://[!-~]+$"),
            "api_token": text(max: TenantSettings.maxTokenLength, pattern: "^[!-~]*$"),
        ], required: [])
        return [
            ("CustomerProfileCreate", naming(strict(fields.merging(["extended_attributes": nullable(ref("schemas/ExtendedAttributes"))],
                                                                  uniquingKeysWith: { $1 }), required: ["email"]))),
            ("CustomerProfilePatch", naming(strict(fields.merging(["last_updated_at": lastUpdatedAt,
                                                                  "extended_attributes": nullable(ref("schemas/ExtendedAttributes"))],
                                                                 uniquingKeysWith: { $1 }), required: ["last_updated_at"]))),
            ("CustomerEmailLookup", strict([
                "emails": object([("type", .string("array")), ("maxItems", .number(String(Vault.maxBulkEmails))),
                                  ("items", text(max: FieldRules.maxEmailBytes))]),
            ], required: ["emails"])),
            ("CustomerEmailLookupResults", json(#"""
                {
                 "type": "object",
                 "required": ["results"],
                 "properties": {
                  "results": {
                   "type": "array",
                   "items": {
                    "type": "object",
                    "required": ["email", "id"],
                    "properties": {"email": {"type": "string"}, "id": {"$ref": "#/components/schemas/RecordId"}}
                   }
                  }
                 }
                }
                """#)),
            ("CustomerProfileDeletion", strict(["operation": enumeration(["delete"])], required: ["operation"])),
            ("CustomerAddressCreate", strict(v2AddressFields, required: ["country_code"])),
            ("CustomerAddressPatch", strict(v2AddressFields.merging(["last_updated_at": lastUpdatedAt], uniquingKeysWith: { $1 }),
                                            required: ["last_updated_at"])),
            ("CustomerConfigPatch", strict([
                "first_and_last_name_enabled": object([("type", .string("boolean"))]),
                "nom_consumer_profiles_merge": object([("type", .string("boolean"))]),
                "byo_crm": crm,
            ], required: [])),
        ]
    }
}
