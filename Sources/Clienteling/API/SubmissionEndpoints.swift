import HTTPServer
import JSONCore

/// `POST`/`GET /setup/regulatory-submissions`: a country's regulatory submission, naming the identity
/// documents (vault data ids) it carries.
struct SubmissionEndpoints: Sendable {
    let submissions: Submissions

    func create(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let body = try SetupBody(request, accepted: ["country_code", "document_ids"])
        let country = try SetupFormat.country(try body.required("country_code", length: 1...2))
        let ids = try body.strings("document_ids", count: 1...Submissions.maxDocuments, length: 1...64)
        guard Set(ids).count == ids.count else { throw HTTPError(400, "document_ids has a duplicate") }
        let submission = try submissions.submit(caller, country: country, documentIDs: ids)
        return SetupJSON.response(201, Self.json(submission))
    }

    func list(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        return SetupJSON.response(200, .array(try submissions.list(caller).map(Self.json)))
    }

    func get(_ request: HTTPRequest, _ caller: SetupCaller) throws -> HTTPResponse {
        _ = try SetupFormat.query(request, accepted: [])
        let id = request.pathParameters["id"] ?? ""
        guard id.utf8.count == 34, id.hasPrefix("RS"),
              let submission = try submissions.list(caller, id: id).first else {
            throw SetupError.notFound("no such regulatory submission")
        }
        return SetupJSON.response(200, Self.json(submission))
    }

    static func json(_ submission: RegulatorySubmission) -> JSONValue {
        SetupJSON.object([
            ("id", .string(submission.id)), ("country_code", .string(submission.country.code)),
            ("document_region", .string(submission.documentRegion)),
            ("document_ids", .array(submission.documentIDs.map(JSONValue.string))),
            ("status", .string(submission.status)), ("created_at", SetupJSON.time(submission.createdAt)),
        ])
    }
}
