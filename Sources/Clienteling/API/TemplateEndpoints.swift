import HTTPServer
import JSONCore

/// The opt-in message and the quick replies.
struct TemplateEndpoints: Sendable {
    let store: SetupStore

    /// An SMS conversation's longest message (Twilio concatenates up to 1,600 characters).
    static let maxMessage = 1_600
    static let messageLength = 1...maxMessage
    static let titleLength = 1...100

    func optIn(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        return SetupJSON.response(200, SetupJSON.optIn(try store.optIn(tenant: caller.tenant)))
    }

    func setOptIn(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["body"])
        let text = try body.required("body", length: Self.messageLength, multiline: true)
        return SetupJSON.response(200, SetupJSON.optIn(try store.setOptIn(caller, body: text)))
    }

    func quickReplies(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        return SetupJSON.response(200, .array(try store.quickReplies(tenant: caller.tenant).map(SetupJSON.quickReply)))
    }

    func addQuickReply(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["title", "message"])
        let reply = try store.addQuickReply(caller, title: try body.required("title", length: Self.titleLength),
                                            message: try body.required("message", length: Self.messageLength, multiline: true))
        return SetupJSON.response(201, SetupJSON.quickReply(reply))
    }

    func updateQuickReply(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        let id = try replyID(request)
        let body = try SetupBody(request, accepted: ["title", "message"])
        let title = try body.string("title", length: Self.titleLength)
        let message = try body.string("message", length: Self.messageLength, multiline: true)
        guard title != nil || message != nil else { throw HTTPError(400, "give title, message or both") }
        return SetupJSON.response(200, SetupJSON.quickReply(try store.updateQuickReply(caller, id: id, title: title, message: message)))
    }

    func deleteQuickReply(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        try store.deleteQuickReply(caller, id: try replyID(request))
        return HTTPResponse(status: 204)
    }

    private func replyID(_ request: HTTPRequest) throws -> String {
        _ = try SetupFormat.query(request, accepted: [])
        let id = request.pathParameters["id"] ?? ""
        guard id.utf8.count == 35, id.hasPrefix("qr_") else { throw SetupError.notFound("no such quick reply") }
        return id
    }
}
