import HTTPServer
import JSONCore

/// The routes about shoppers in the set-up part of the OpenAPI document: the provider's inbound-message
/// webhook (signed by the provider, no API key), the clienteling profiles (the v2 swagger's `Profile` and
/// `Profiles`, here `ClientelingProfile(s)` beside the vault's own `Profile`), and the sandbox's way to send
/// the webhook a message.
extension OpenAPI {
    static var shopperPaths: [(String, JSONValue)] {
        [
            ("/setup/webhooks/twilio/messages", object([("post", operation(
                "receiveTwilioMessage", summary: "Twilio's inbound message webhook", tag: "clientelingSetup",
                parameters: [object([("name", .string("X-Twilio-Signature")), ("in", .string("header")), ("required", .bool(true)),
                                     ("schema", text(pattern: "^[A-Za-z0-9+/]{27}=$")),
                                     ("description", .string("base64 of HMAC-SHA1 under the account's auth token of the "
                                                             + "public URL and the sorted parameters"))])],
                body: object([("required", .bool(true)), ("content", object([(WebhookEndpoint.mediaType, object([
                    ("schema", ref("schemas/TwilioInboundMessage")),
                ]))]))]),
                responses: [("200", object([("description", .string("Accepted (acted on, replayed or ignored): empty TwiML")),
                                            ("content", object([("text/xml", object([("schema", text())]))]))]))],
                standardErrors: openErrors + [403, 503], secured: false,
                description: "No API key: Twilio's signature of the URL given with --setup-webhook-url (default: http:// "
                    + "and this server's Host and path) is the authorization; unsigned or mis-signed is 403, on the "
                    + "set-up audit chain. YES/START opt in, STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT opt out, per "
                    + "store and profile; anything else is ignored; a MessageSid seen before changes nothing."))])),
            ("/clienteling/profiles", object([("get", op(
                "listClientelingProfiles", "List all clienteling profiles", .read, query: ["NextPageToken", "PageSize"],
                success: ("200", "Shoppers who answered a store, by customer id", "ClientelingProfiles")))])),
            ("/clienteling/profiles/{customer_id}", object([
                ("parameters", .array([ref("parameters/CustomerId")])),
                ("get", op("showClientelingProfile", "Get a single clienteling profile", .read,
                           success: ("200", "The profile", "ClientelingProfile"), errors: [404])),
            ])),
            ("/setup/sandbox/inbound-messages", object([("post", op(
                "simulateInboundMessage", "Send the webhook a shopper's message (sandbox provider only)", .write,
                body: "SandboxInboundMessage", success: ("200", "What the webhook made of it", "SandboxInboundResult"),
                errors: [404]))])),
        ]
    }

    static var shopperParameters: [(String, JSONValue)] {
        let customerID = ClientelingProfileEndpoints.customerIDLength, pageSize = ClientelingProfileEndpoints.pageSize
        return [
            ("CustomerId", pathParameter("customer_id", text(pattern: "^[!-~]{\(customerID.lowerBound),\(customerID.upperBound)}$"))),
            ("NextPageToken", queryParameter("next_page_token", text(max: PageToken.maxLength, pattern: "^[A-Za-z0-9_-]+$"),
                                             "The previous page's meta.next_page_token (opaque; another is 400)")),
            ("PageSize", integerQuery("page_size", pageSize.lowerBound, pageSize.upperBound,
                                      default: ClientelingProfileEndpoints.defaultPageSize)),
        ]
    }

    static var shopperSchemas: [(String, JSONValue)] {
        let e164 = text(pattern: "^\\+[1-9][0-9]{6,14}$")
        let sid = text(pattern: "^(SM|MM)[0-9a-f]{32}$")
        let outcome = enumeration(["opted_in", "opted_out", "unknown_shopper", "ignored"])
        return [
            // Twilio sends more fields than these (AccountSid, NumMedia, ToCountry...): they are signed, not read.
            ("TwilioInboundMessage", object([("type", .string("object")), ("required", .array(["MessageSid", "From", "To"].map(JSONValue.string))),
                                             ("properties", object([
                                                 ("MessageSid", sid),
                                                 ("From", text(pattern: "^(whatsapp:)?\\+[1-9][0-9]{6,14}$")),
                                                 ("To", text(pattern: "^(whatsapp:)?\\+[1-9][0-9]{6,14}$")),
                                                 ("Body", text(max: TemplateEndpoints.maxMessage)),
                                             ]))])),
            ("ClientelingProfile", strict([
                "customer_id": text(),
                "opted_in": object([("type", .string("object")), ("additionalProperties", strict([
                    "opt_in_state": enumeration(OptInState.allCases.map(\.rawValue)),
                    "opt_in_state_modified_at": object([("type", .string("string")), ("format", .string("date-time"))]),
                ], required: ["opt_in_state", "opt_in_state_modified_at"]))]),
                "opted_out": object([("type", .string("boolean"))]),
                "opted_out_at": object([("type", .array([.string("string"), .string("null")])), ("format", .string("date-time"))]),
                "phone_number": text(),
            ], required: ["customer_id", "opted_in", "opted_out", "opted_out_at", "phone_number"])),
            ("ClientelingProfiles", strict([
                "profiles": array(ref("schemas/ClientelingProfile")),
                "meta": strict(["next_page_token": object([("type", .array([.string("string"), .string("null")]))])],
                               required: ["next_page_token"]),
            ], required: ["profiles", "meta"])),
            ("SandboxInboundMessage", strict(["from": e164, "to": e164,
                                              "body": line(0...TemplateEndpoints.maxMessage, multiline: true), "message_sid": sid],
                                             required: ["from", "to"])),
            ("SandboxInboundResult", strict(["message_sid": text(), "outcome": outcome], required: ["message_sid", "outcome"])),
        ]
    }
}
