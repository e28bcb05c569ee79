import HTTPServer
import ISO3166
import JSONCore

/// The `/setup` part of the service's OpenAPI document (paths and the components they add), merged into
/// `GET /openapi.json` by the executable. Built from the routes' own rules (the same lengths, patterns and
/// statuses), so schemathesis checks the answers against what the code means to answer. The problem body, the
/// error answers and the request headers are HTTPServer's shared components; 502 (the provider) is this part's own.
extension OpenAPI {
    package static var clientelingSetup: JSONValue {
        object([("paths", object(setupPaths + shopperPaths)), ("components", object([
            ("schemas", object(setupSchemas + shopperSchemas)), ("parameters", object(setupParameters + shopperParameters)),
            ("responses", object([("E502", problemResponse("The telephony provider failed or answered wrongly"))])),
        ]))])
    }

    // MARK: Operations

    private static var setupPaths: [(String, JSONValue)] {
        [
            ("/setup/retailers", object([
                ("post", op("configureRetailer", "Enable clienteling configuration for retailer", .write,
                            body: "RetailerConfiguration", success: ("204", "Configured", nil), errors: [409])),
                ("get", op("getRetailer", "The retailer's clienteling configuration", .read,
                           success: ("200", "The configuration", "Retailer"), errors: [404])),
                ("put", op("updateRetailer", "Change the retailer's e-commerce link", .write, body: "RetailerConfiguration",
                           success: ("200", "Changed", "Retailer"), errors: [404])),
            ])),
            ("/setup/retailers/status", object([("get", op("getRetailerStatus", "The retailer's onboarding at a glance", .read,
                                                           success: ("200", "Read from the set-up data", "RetailerStatus")))])),
            ("/setup/stores", object([("get", op("listStores", "List stores and their onboarding", .read,
                                                 query: ["Limit", "After"], success: ("200", "A page of stores", "StoreList")))])),
            ("/setup/stores/{store_id}", object([
                ("parameters", .array([ref("parameters/StoreId")])),
                ("put", op("putStore", "Register or update a store", .write, body: "StoreRegistration",
                           success: ("201", "Registered", "Store"), more: [("200", "Updated", "Store")], errors: [409],
                           links: storeLinks)),
                ("get", op("getStore", "A store and its onboarding", .read, success: ("200", "The store", "Store"), errors: [404])),
                ("post", op("onboardStore", "Onboard store", .write, query: ["Enable"], body: "StoreOnboarding",
                            success: ("204", "Onboarded: the number is the store's", nil), errors: [404, 409, 502])),
            ])),
            ("/setup/stores/{store_id}/whatsapp", object([
                ("parameters", .array([ref("parameters/StoreId")])),
                ("post", op("onboardWhatsApp", "Onboard a store to WhatsApp", .write, body: "WhatsAppOnboarding",
                            success: ("204", "Sent to the provider; pending Meta's review", nil), errors: [404, 409, 502])),
            ])),
            storeList("available_phone_numbers", "listAvailablePhoneNumbers", "List available phone numbers", "AvailableNumber"),
            storeList("addresses", "listStoreAddresses", "List addresses", "ProviderAddress"),
            storeList("regulatory-bundles", "listRegulatoryBundles", "List regulatory bundles", "RegulatoryBundle"),
            ("/setup/trust-products", object([("get", op("listTrustProducts", "List trust products", .read,
                                                         success: ("200", "Approved trust products", nil), list: "RegulatoryBundle",
                                                         errors: [502]))])),
            ("/setup/regulatory-requirements/{country_code}", object([
                ("parameters", .array([ref("parameters/CountryCode")])),
                ("get", op("getRegulatoryRequirements", "The set-up guide's requirements for a country", .read,
                           success: ("200", "Requirements", "RegulatoryRequirements"), errors: [404])),
            ])),
            ("/setup/regulatory-submissions", object([
                ("post", op("createRegulatorySubmission", "Submit a country's regulatory documents", .write,
                            body: "SubmissionCreate", success: ("201", "Submitted", "Submission"), errors: [421],
                            links: [("GetSubmission", link("getRegulatorySubmission", "id"))])),
                ("get", op("listRegulatorySubmissions", "Regulatory submissions, newest first", .read,
                           success: ("200", "Submissions", nil), list: "Submission")),
            ])),
            ("/setup/regulatory-submissions/{id}", object([
                ("parameters", .array([ref("parameters/SubmissionId")])),
                ("get", op("getRegulatorySubmission", "A regulatory submission", .read,
                           success: ("200", "The submission", "Submission"), errors: [404])),
            ])),
            ("/setup/templates/opt-in", object([
                ("get", op("getOptIn", "The opt-in message", .read, success: ("200", "The message", "OptIn"))),
                ("put", op("putOptIn", "Replace the opt-in message", .write, body: "OptInUpdate", success: ("200", "Saved", "OptIn"))),
            ])),
            ("/setup/templates/quick-replies", object([
                ("get", op("listQuickReplies", "Quick replies", .read, success: ("200", "Quick replies", nil), list: "QuickReply")),
                ("post", op("createQuickReply", "Add a quick reply", .write, body: "QuickReplyCreate",
                            success: ("201", "Added", "QuickReply"), errors: [409], links: [
                                ("UpdateQuickReply", link("updateQuickReply", "id")),
                                ("DeleteQuickReply", link("deleteQuickReply", "id")),
                            ])),
            ])),
            ("/setup/templates/quick-replies/{id}", object([
                ("parameters", .array([ref("parameters/QuickReplyId")])),
                ("patch", op("updateQuickReply", "Change a quick reply", .write, body: "QuickReplyPatch",
                             success: ("200", "Changed", "QuickReply"), errors: [404])),
                ("delete", op("deleteQuickReply", "Delete a quick reply", .write, success: ("204", "Deleted", nil), errors: [404])),
            ])),
        ]
    }

    private static var storeLinks: [(String, JSONValue)] {
        ["getStore", "onboardStore", "onboardWhatsApp", "listAvailablePhoneNumbers", "listStoreAddresses", "listRegulatoryBundles"]
            .map { ($0, link($0, "store_id", parameter: "store_id")) }
    }

    private static func storeList(_ path: String, _ id: String, _ summary: String, _ item: String) -> (String, JSONValue) {
        ("/setup/stores/{store_id}/\(path)", object([
            ("parameters", .array([ref("parameters/StoreId")])),
            ("get", op(id, summary, .read, success: ("200", "Filtered by the store's country", nil), list: item, errors: [404, 502])),
        ]))
    }

    static func op(_ id: String, _ summary: String, _ scope: SetupScope, query: [String] = [], body: String? = nil,
                           success: (String, String, String?), more: [(String, String, String)] = [], list: String? = nil,
                           errors: [Int] = [], links: [(String, JSONValue)] = []) -> JSONValue {
        let schema = success.2.map { ref("schemas/\($0)") } ?? list.map { array(ref("schemas/\($0)")) }
        let responses = [(success.0, response(success.1, schema: schema, links: links))]
            + more.map { ($0.0, response($0.1, schema: ref("schemas/\($0.2)"))) }
        return operation(id, summary: summary, tag: "clientelingSetup",
                         parameters: requestHeaders + query.map { ref("parameters/\($0)") },
                         body: body.map { jsonBody(ref("schemas/\($0)")) }, responses: responses, errors: errors,
                         description: scope == .read ? "Scopes: setup:read or setup:write." : "Scopes: setup:write.")
    }

    // MARK: Components

    private static var setupParameters: [(String, JSONValue)] {
        [
            ("StoreId", pathParameter("store_id", text(pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))),
            ("CountryCode", pathParameter("country_code", enumeration(RegulatoryRequirements.all.map(\.country.code)))),
            ("QuickReplyId", pathParameter("id", text(pattern: "^qr_[0-9a-f]{32}$"))),
            ("SubmissionId", pathParameter("id", text(pattern: "^RS[0-9a-f]{32}$"))),
            ("Enable", queryParameter("enable", object([("type", .string("boolean")), ("default", .bool(false))]),
                             "If true enables the store right away on clienteling")),
            ("Limit", queryParameter("limit", object([("type", .string("integer")), ("minimum", .number("1")),
                                                      ("maximum", .number(String(StoreEndpoints.maxPage)))]),
                            "Stores per page (default 100)")),
            ("After", queryParameter("after", text(), "The previous page's next_after")),
        ]
    }

    private static var setupSchemas: [(String, JSONValue)] {
        let e164 = text(pattern: "^\\+[1-9][0-9]{6,14}$")
        let country = enumeration(CountryCode.assigned.sorted())
        let time = object([("type", .string("string")), ("format", .string("date-time"))])
        let nullableText = object([("type", .array([.string("string"), .string("null")]))])
        let sidText = line(StoreEndpoints.sidLength)
        let link = text(max: StoreEndpoints.linkLength.upperBound, pattern: httpsLink)
        return [
            ("RetailerConfiguration", strict(["ecom_link": link], required: ["ecom_link"])),
            ("Retailer", strict(["ecom_link": text(), "created_at": time, "updated_at": time],
                                required: ["ecom_link", "created_at", "updated_at"])),
            ("RetailerStatus", retailerStatus),
            ("StoreRegistration", strict(["name": line(StoreEndpoints.nameLength), "country_code": country, "landline": e164],
                                         required: ["name", "country_code", "landline"])),
            ("StoreOnboarding", strict(["phone_number": e164, "bundle_sid": sidText, "address_sid": sidText],
                                       required: ["phone_number"])),
            ("WhatsAppOnboarding", strict(["waba_id": text(pattern: "^[0-9]{\(StoreEndpoints.wabaIDLength.lowerBound),"
                                                                     + "\(StoreEndpoints.wabaIDLength.upperBound)}$"),
                                           "profile_name": line(StoreEndpoints.profileNameLength)],
                                          required: ["waba_id", "profile_name"])),
            ("Store", strict([
                "store_id": text(), "name": text(), "country_code": country, "landline": text(),
                "phone_number": nullableText, "bundle_sid": nullableText, "address_sid": nullableText,
                "number_status": enumeration(["none", "purchasing", "active"]), "enabled": object([("type", .string("boolean"))]),
                "whatsapp": strict(["status": enumeration(["none", "pending"]), "waba_id": nullableText, "profile_name": nullableText],
                                   required: ["status", "waba_id", "profile_name"]),
                "created_at": time, "updated_at": time,
            ], required: ["store_id", "name", "country_code", "landline", "phone_number", "number_status", "enabled", "whatsapp"])),
            ("StoreList", strict(["stores": array(ref("schemas/Store")), "next_after": nullableText],
                                 required: ["stores", "next_after"])),
            ("AvailableNumber", strict(["phone_number": text(), "locality": text(), "region": text()],
                                       required: ["phone_number", "locality", "region"])),
            ("ProviderAddress", strict(Dictionary(uniqueKeysWithValues: ["sid", "friendly_name", "street", "street_secondary", "city",
                                                                         "region", "postal_code", "iso_country"].map { ($0, text()) }),
                                       required: ["sid", "friendly_name", "iso_country"])),
            ("RegulatoryBundle", strict(["sid": text(), "friendly_name": text()], required: ["sid", "friendly_name"])),
            ("RegulatoryRequirements", strict([
                "country_code": country, "country_name": text(), "self_service": boolean, "needs_regulatory_bundle": boolean,
                "listed_in_guide": boolean, "information_required": array(text()), "supporting_documents": array(text()),
                "document_region": enumeration(DocumentRegions.regions),
            ], required: ["country_code", "self_service", "information_required", "supporting_documents", "document_region"])),
            // Documents are data entries of the vault (its `DataId` schema); only the guide's countries take them.
            ("SubmissionCreate", strict(["country_code": enumeration(RegulatoryRequirements.all.map(\.country.code)),
                                         "document_ids": array(ref("schemas/DataId"), min: 1, max: Submissions.maxDocuments,
                                                               unique: true)],
                                        required: ["country_code", "document_ids"])),
            ("Submission", strict(["id": text(), "country_code": country, "document_region": text(), "document_ids": array(text()),
                                   "status": text(), "created_at": time],
                                  required: ["id", "country_code", "document_region", "document_ids", "status", "created_at"])),
            ("OptIn", strict(["body": text(), "default": boolean, "updated_at": nullableText],
                             required: ["body", "default", "updated_at"])),
            ("OptInUpdate", strict(["body": line(TemplateEndpoints.messageLength, multiline: true)], required: ["body"])),
            ("QuickReply", strict(["id": text(), "title": text(), "message": text(), "created_at": time, "updated_at": time],
                                  required: ["id", "title", "message", "created_at", "updated_at"])),
            ("QuickReplyCreate", strict(quickReply, required: ["title", "message"])),
            ("QuickReplyPatch", strict(quickReply, required: [], minProperties: 1)),
        ]
    }

    private static var retailerStatus: JSONValue {
        let count = object([("type", .string("integer")), ("minimum", .number("0"))])
        let nullableTime = object([("type", .array([.string("string"), .string("null")])), ("format", .string("date-time"))])
        return strict([
            "configured": boolean, "configured_at": nullableTime,
            "telephony_provider": strict(["name": enumeration(["local", "twilio"]), "connected": boolean],
                                         required: ["name", "connected"]),
            "opt_in_template": strict(["set": boolean, "updated_at": nullableTime], required: ["set", "updated_at"]),
            "stores": strict(["total": count, "none": count, "purchasing": count, "active": count],
                             required: ["total", "none", "purchasing", "active"]),
            "countries_missing_steps": array(strict([
                "country_code": enumeration(CountryCode.assigned.sorted()), "stores": count,
                "missing_steps": array(enumeration(RetailerStatus.MissingStep.allCases.map(\.rawValue)), min: 1),
            ], required: ["country_code", "stores", "missing_steps"])),
        ], required: ["configured", "configured_at", "telephony_provider", "opt_in_template", "stores", "countries_missing_steps"])
    }

    private static var quickReply: [String: JSONValue] {
        ["title": line(TemplateEndpoints.titleLength), "message": line(TemplateEndpoints.messageLength, multiline: true)]
    }

    /// `https://` (any case), a host of letters, digits, dots and hyphens, an optional port, then visible ASCII:
    /// the links `SetupFormat.httpsLink` takes, in the form URIs are written (it also takes non-ASCII IRIs).
    private static let httpsLink = "^[Hh][Tt][Tt][Pp][Ss]://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#][!-~]*)?$"

    // MARK: JSON building

    // Computed, not stored: a global holding JSON would be reported by LeakSanitizer at exit.
    private static var boolean: JSONValue { object([("type", .string("boolean"))]) }
}
