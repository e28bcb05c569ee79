import Foundation
import HTTPServer
import JSONCore
import Vault

/// The body of `POST /v1/d/pii/data`, read into what to store and for how long.
enum DataUpload {
    static let maxTTLDays = 3_650
    static let maxContentTypeBytes = 255
    static let ttlRule = "ttl must be a whole number of days from 1 to \(maxTTLDays)"

    /// JSON `{"content_type", "content" (base64), "ttl"?}`, or any other media type: the raw bytes, that
    /// `Content-Type`, and `?ttl=`.
    static func parse(_ request: HTTPRequest, maxContentBytes: Int) throws(HTTPError) -> (StoredData, Int?) {
        guard let type = request.mediaType, !type.isEmpty else {
            throw HTTPError(400, "Content-Type is required: application/json with content_type and content, or the file's own type")
        }
        if type == "application/json" {
            let body = try request.jsonObject()
            for member in body where !["content_type", "content", "ttl"].contains(member.key) {
                throw HTTPError(400, "unexpected field in the body: only content_type, content and ttl are accepted")
            }
            guard let contentType = body.first(where: { $0.key == "content_type" })?.value.stringValue else {
                throw HTTPError(400, "content_type is required and must be a string")
            }
            guard let encoded = body.first(where: { $0.key == "content" })?.value.stringValue else {
                throw HTTPError(400, "content is required and must be a base64 string")
            }
            guard let content = Data(base64Encoded: encoded) else { throw HTTPError(400, "content is not valid base64") }
            var ttl: Int?
            if let value = body.first(where: { $0.key == "ttl" })?.value, value != .null {
                // Any whole number, `30.0` too: JSON has one kind of number (and the document says integer).
                guard let days = value.integerValue, (1...maxTTLDays).contains(days) else { throw HTTPError(400, ttlRule) }
                ttl = days
            }
            return (try checked(contentType, [UInt8](content), maxContentBytes), ttl)
        }
        var ttl: Int?
        for (name, value) in try PageQuery.items(request, accepted: ["ttl"]) where name == "ttl" { ttl = try Self.ttl(value) }
        return (try checked(request.headers["content-type"] ?? type, request.body, maxContentBytes), ttl)
    }

    private static func ttl(_ text: String) throws(HTTPError) -> Int {
        guard let days = Int(text), (1...maxTTLDays).contains(days) else { throw HTTPError(400, ttlRule) }
        return days
    }

    private static func checked(_ contentType: String, _ content: [UInt8], _ maxContentBytes: Int) throws(HTTPError) -> StoredData {
        guard content.count <= maxContentBytes else { throw HTTPError(413, "content larger than \(maxContentBytes) bytes") }
        // A media type as RFC 9110 writes it: type "/" subtype, then parameters; visible ASCII only, so it can
        // go back out in a header unchanged.
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
        guard contentType.utf8.count <= maxContentTypeBytes, parts.count == 2, !parts[0].isEmpty, !parts[1].trimmingSpaces().isEmpty,
              contentType.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw HTTPError(400, "content_type must be a media type such as application/pdf (at most \(maxContentTypeBytes) characters)")
        }
        return StoredData(contentType: contentType, content: content)
    }
}
