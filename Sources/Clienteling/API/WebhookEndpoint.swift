import HTTPServer

/// `POST /setup/webhooks/twilio/messages`: Twilio's inbound messages, form-encoded, authorized by Twilio's
/// signature instead of an API key. Answered with empty TwiML (no reply is sent to the shopper).
struct WebhookEndpoint: Sendable {
    let inbound: InboundMessages
    /// The URL Twilio calls, as configured there (`serve --setup-webhook-url`); nil: `http://` and the
    /// request's own Host and target, right only when nothing between Twilio and this server rewrites them.
    let publicURL: String?

    static let mediaType = "application/x-www-form-urlencoded"
    static let twiml = HTTPResponse(status: 200, headers: HTTPHeaders([("content-type", "text/xml")]),
                                    body: Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>".utf8))

    func receive(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try respond(request)
        return Self.twiml
    }

    /// Checks and acts on the request; what became of it (the sandbox endpoint reports it).
    func respond(_ request: HTTPRequest) throws -> InboundOutcome {
        let parameters = try Self.form(request)
        let signature = request.headers[TwilioSignature.header]
        let valid = try ProviderError.asking { () throws(ProviderError) in
            try TwilioSignature.isValid(signature, url: signedURL(request), parameters: parameters, provider: inbound.provider)
        }
        guard valid else {
            try inbound.refuse(requestID: request.requestID, to: Self.value("To", in: parameters).map(Self.number),
                               reason: signature == nil ? "unsigned" : "bad signature")
            throw HTTPError(403, "the request does not carry the provider's signature for this URL")
        }
        return try inbound.receive(try Self.message(parameters), requestID: request.requestID)
    }

    func signedURL(_ request: HTTPRequest) -> String {
        guard let publicURL else { return "http://" + (request.headers["host"] ?? "") + request.target }
        return publicURL + (request.query.map { "?" + $0 } ?? "")
    }

    /// The body's parameters, decoded, in the order sent.
    static func form(_ request: HTTPRequest) throws(HTTPError) -> [(String, String)] {
        guard request.mediaType == mediaType else { throw HTTPError(415, "the body must be \(mediaType)") }
        guard let text = String(validating: request.body, as: UTF8.self),
              let items = PercentDecoding.queryItems(Substring(text)) else {
            throw HTTPError(400, "the body is not a well-formed form")
        }
        return items
    }

    static func message(_ parameters: [(String, String)]) throws(HTTPError) -> InboundMessages.Message {
        guard let sid = value("MessageSid", in: parameters), (sid.hasPrefix("SM") || sid.hasPrefix("MM")), sid.utf8.count == 34,
              sid.utf8.dropFirst(2).allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw HTTPError(400, "MessageSid must be SM or MM followed by 32 lower-case hexadecimal digits")
        }
        guard let from = value("From", in: parameters).map(number), PhoneNumber.isE164(from),
              let to = value("To", in: parameters).map(number), PhoneNumber.isE164(to) else {
            throw HTTPError(400, "From and To must be E.164 numbers (optionally whatsapp:+...)")
        }
        return InboundMessages.Message(sid: sid, from: from, to: to, body: value("Body", in: parameters) ?? "")
    }

    static func value(_ name: String, in parameters: [(String, String)]) -> String? {
        parameters.first { $0.0 == name }?.1
    }

    /// A WhatsApp message names its numbers `whatsapp:+...`; the number is the same.
    static func number(_ text: String) -> String {
        text.hasPrefix("whatsapp:") ? String(text.dropFirst("whatsapp:".count)) : text
    }
}
