import HTTPServer
import JSONCore

/// `POST /setup/sandbox/inbound-messages` (with `--provider local` only): a shopper's message to one of the
/// caller's stores, as Twilio would post it. The form is built, signed with the sandbox account's token and
/// sent through the webhook's own checks in process, so the walk-through and the tests exercise the real
/// path without a second program that would need the sandbox's secret.
struct SandboxEndpoint: Sendable {
    let webhook: WebhookEndpoint
    var store: SetupStore { webhook.inbound.store }

    func simulate(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["from", "to", "body", "message_sid"])
        let from = try SetupFormat.phoneNumber(try body.required("from", length: 1...16), field: "from")
        let to = try SetupFormat.phoneNumber(try body.required("to", length: 1...16), field: "to")
        let text = try body.string("body", length: 0...TemplateEndpoints.maxMessage, multiline: true) ?? ""
        let sid = try body.string("message_sid", length: 34...34) ?? RandomID.make("SM")
        guard try store.storeOwning(number: to)?.tenant == caller.tenant else {
            throw SetupError.notFound("to is not the number of one of this tenant's stores")
        }
        let parameters = [("MessageSid", sid), ("AccountSid", LocalProvider.accountSID), ("From", from), ("To", to),
                          ("Body", text), ("NumMedia", "0"), ("ApiVersion", "2010-04-01")]
        let headers = [("host", request.headers["host"] ?? ""), ("content-type", WebhookEndpoint.mediaType)]
        var form = HTTPRequest(method: "POST", target: "/setup/webhooks/twilio/messages", headers: HTTPHeaders(headers),
                               body: Array(parameters.map { FormEncoding.encode($0.0) + "=" + FormEncoding.encode($0.1) }
                                   .joined(separator: "&").utf8))
        form.requestID = request.requestID
        let signature = try ProviderError.asking { () throws(ProviderError) in
            try TwilioSignature.sign(url: webhook.signedURL(form), parameters: parameters, provider: webhook.inbound.provider)
        }
        form.headers = HTTPHeaders(headers + [(TwilioSignature.header, signature)])
        let outcome = try webhook.respond(form)
        return SetupJSON.response(200, SetupJSON.object([("message_sid", .string(sid)), ("outcome", .string(outcome.rawValue))]))
    }
}
