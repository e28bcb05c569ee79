import Foundation
import HTTPServer
import JSONCore
import Locking
import Logging

/// A small stand-in for the Twilio endpoints the provider calls, on loopback, answering the JSON shapes of
/// Twilio's API documentation (list envelopes, paging links, error bodies with `code`). Its inventory: six
/// German and six US numbers, one German address per page over two pages (plus a US one), an approved and
/// a pending German bundle, two trust products over two pages, and the WhatsApp senders created through it,
/// one per page. Failures are switched on per test.
final class FakeTwilio: @unchecked Sendable {
    enum Mode: Equatable {
        case normal, serverError, garbage, slow(milliseconds: Int), notJSONObject
        /// Acts, then answers only after `milliseconds` (requests of `method` only, when given): an answer lost
        /// to a client whose timeout is shorter.
        case lateAnswer(milliseconds: Int, method: String?)
        /// Answers at once until a request of `method`; from that one on, `lateAnswer` to everything: a provider
        /// gone silent right after it acted.
        case silentAfter(method: String, milliseconds: Int)
    }
    static let accountSID = "AC" + String(repeating: "a1", count: 16)
    static let authToken = "0123456789abcdef0123456789abcdef"

    struct Recorded { let method: String; let path: String; let body: String }

    let mode = Locked(Mode.normal)
    let requests = Locked<[Recorded]>([])
    private let bought = Locked<[String: String]>([:])
    /// WhatsApp senders as created, oldest first.
    let senders = Locked<[(sid: String, senderID: String, waba: String, name: String)]>([])
    private var server: HTTPServer!
    var port: Int { server.port }
    var url: String { "http://127.0.0.1:\(port)" }

    static let numbers: [(String, String, String, String)] = (0..<6).map { ("+4930555000\($0)", "Berlin", "BE", "DE") }
        + (0..<6).map { ("+1904555010\($0)", "Jacksonville", "FL", "US") }
        + (0..<3).map { ("+44770090000\($0)", "", "", "GB") }
    static let germanBundle = "BU" + String(repeating: "d1", count: 16)
    static let pendingBundle = "BU" + String(repeating: "d2", count: 16)
    static let germanAddresses = ["AD" + String(repeating: "e1", count: 16), "AD" + String(repeating: "e2", count: 16)]

    init() throws {
        var router = Router(logger: Self.quiet)
        let account = "/2010-04-01/Accounts/{account}"
        // Local numbers for DE and US; British numbers are mobile only (local ones take no SMS there), as at
        // Twilio; anything else is a 404 like Twilio's for a type a country does not have.
        route(&router, "GET", account + "/AvailablePhoneNumbers/{country}/{type}", sync: { [unowned self] r in
            try answer(r) { query in
                let country = r.pathParameters["country"] ?? ""
                let local = r.pathParameters["type"] == "Local.json" && country != "GB"
                let mobile = r.pathParameters["type"] == "Mobile.json" && country == "GB"
                guard local || mobile, query["SmsEnabled"] == "true" else {
                    return (404, ["code": 20404, "message": "The requested resource was not found", "status": 404])
                }
                let contains = query["Contains"]
                let offered = Self.numbers.filter { $0.3 == country }
                    .filter { n in self.bought.withLock { $0[n.0] } == nil }
                    .filter { contains == nil || $0.0.contains(contains!) }
                return (200, ["available_phone_numbers": offered.map {
                    ["friendly_name": $0.0, "phone_number": $0.0, "locality": $0.1, "region": $0.2, "iso_country": $0.3,
                     "lata": NSNull(), "rate_center": NSNull(), "postal_code": NSNull(), "beta": false,
                     "capabilities": ["voice": true, "SMS": true, "MMS": false]]
                }, "uri": r.target])
            }
        })
        route(&router, "GET", account + "/IncomingPhoneNumbers.json", sync: { [unowned self] r in
            try answer(r) { query in
                let owned = self.bought.withLock { $0 }.filter { query["PhoneNumber"] == nil || $0.key == query["PhoneNumber"] }
                return (200, ["incoming_phone_numbers": owned.map { ["sid": $0.value, "phone_number": $0.key] },
                              "next_page_uri": NSNull(), "page": 0, "page_size": 50])
            }
        })
        route(&router, "POST", account + "/IncomingPhoneNumbers.json", sync: { [unowned self] r in
            try answer(r) { _ in
                let form = Self.form(r.body)
                guard let number = form["PhoneNumber"], Self.numbers.contains(where: { $0.0 == number }),
                      self.bought.withLock({ $0[number] }) == nil else {
                    return (400, ["code": 21422, "message": "PhoneNumber requested is not available", "status": 400,
                                  "more_info": "https://www.twilio.com/docs/errors/21422"])
                }
                let sid = "PN" + String(repeating: "0", count: 28) + String(format: "%04d", self.bought.withLock { $0.count })
                self.bought.withLock { $0[number] = sid }
                return (201, ["sid": sid, "phone_number": number, "account_sid": Self.accountSID, "status": "in-use"])
            }
        })
        route(&router, "GET", account + "/Addresses.json", sync: { [unowned self] r in
            try answer(r) { query in
                let page = Int(query["Page"] ?? "0") ?? 0
                var addresses: [[String: Any]] = [Self.address(Self.germanAddresses[page == 0 ? 0 : 1], "DE")]
                if page == 1 { addresses.append(Self.address("AD" + String(repeating: "f1", count: 16), "US")) }
                let next: Any = page == 0 ? r.path.description + "?IsoCountry=DE&Page=1&PageSize=1&PageToken=PA1" : NSNull()
                return (200, ["addresses": addresses, "next_page_uri": next, "page": page, "page_size": 1])
            }
        })
        route(&router, "GET", "/v2/RegulatoryCompliance/Bundles", sync: { [unowned self] r in
            try answer(r) { query in
                let all = [["sid": Self.germanBundle, "friendly_name": "Germany Bundle", "status": "twilio-approved"],
                           ["sid": Self.pendingBundle, "friendly_name": "Germany Bundle 2", "status": "pending-review"]]
                return (200, ["results": query["IsoCountry"] == "DE" ? all : [],
                              "meta": ["page": 0, "page_size": 100, "next_page_url": NSNull(), "key": "results"]])
            }
        })
        route(&router, "GET", "/v1/TrustProducts", sync: { [unowned self] r in
            try answer(r) { query in
                let page = Int(query["Page"] ?? "0") ?? 0
                let next: Any = page == 0 ? "https://trusthub.twilio.com/v1/TrustProducts?PageSize=1&Page=1&PageToken=PT1" : NSNull()
                return (200, ["results": [["sid": "BU" + String(repeating: page == 0 ? "a" : "b", count: 32),
                                           "friendly_name": "Trust \(page)", "status": "twilio-approved"]],
                              "meta": ["page": page, "page_size": 1, "next_page_url": next, "key": "results"]])
            }
        })
        route(&router, "POST", "/v2/Channels/Senders", sync: { [unowned self] r in
            try answer(r) { _ in
                let body = try JSONParser.parse(r.body)
                guard let senderID = body["sender_id"]?.stringValue, senderID.hasPrefix("whatsapp:+"),
                      let waba = body["configuration"]?["waba_id"]?.stringValue, let name = body["profile"]?["name"]?.stringValue else {
                    return (400, ["code": 20001, "message": "Invalid sender", "status": 400])
                }
                let sid = self.senders.withLock { list in
                    let sid = "XE" + String(format: "%032x", list.count + 1)
                    list.append((sid, senderID, waba, name))
                    return sid
                }
                return (201, Self.sender(sid, senderID, waba: waba, name: name))
            }
        })
        // Senders of a channel, one per page (the list takes no filter but the channel).
        route(&router, "GET", "/v2/Channels/Senders", sync: { [unowned self] r in
            try answer(r) { query in
                guard query["Channel"] == "whatsapp" else {
                    return (400, ["code": 20001, "message": "Channel is required", "status": 400])
                }
                let page = Int(query["Page"] ?? "0") ?? 0
                let all = self.senders.withLock { $0 }
                let items = all.dropFirst(page).prefix(1).map { Self.sender($0.sid, $0.senderID, waba: $0.waba, name: $0.name) }
                let next: Any = page + 1 < all.count
                    ? "https://messaging.twilio.com/v2/Channels/Senders?Channel=whatsapp&PageSize=1&Page=\(page + 1)&PageToken=PS\(page + 1)"
                    : NSNull()
                return (200, ["senders": items, "meta": ["page": page, "page_size": 1, "next_page_url": next, "key": "senders"]])
            }
        })
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 2
        server = HTTPServer(configuration: configuration, handler: router, logger: Self.quiet)
        try server.start()
    }

    deinit { server.shutdown() }

    private static let quiet = Logger(minimum: .error, fileDescriptor: Glibc.open("/dev/null", O_WRONLY))

    /// Registers `handler`, answered at once or, in `.lateAnswer` mode, after it acted.
    private func route(_ router: inout Router, _ method: String, _ pattern: String, sync handler: @escaping Router.SyncHandler) {
        router.add(method, pattern) { [unowned self] request, sink in
            let response = Router.run(handler, request, requestID: sink.requestID, logger: Self.quiet)
            let delay: Int? = mode.withLock { mode in
                if case .silentAfter(request.method, let milliseconds) = mode { mode = .lateAnswer(milliseconds: milliseconds, method: nil) }
                guard case .lateAnswer(let milliseconds, let only) = mode, only == nil || only == request.method else { return nil }
                return milliseconds
            }
            guard let delay else { return sink.send(response) }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) { sink.send(response) }
        }
    }

    /// Checks Basic auth, records the request, applies the failure mode, then answers `body`'s JSON.
    private func answer(_ request: HTTPRequest, _ body: ([String: String]) throws -> (Int, [String: Any])) throws -> HTTPResponse {
        requests.withLock { $0.append(Recorded(method: request.method, path: String(request.path),
                                               body: String(decoding: request.body, as: UTF8.self))) }
        let expected = "Basic " + Data("\(Self.accountSID):\(Self.authToken)".utf8).base64EncodedString()
        guard request.headers["authorization"] == expected, request.pathParameters["account"].map({ $0 == Self.accountSID }) ?? true else {
            return try Self.json(401, ["code": 20003, "message": "Authenticate", "status": 401])
        }
        switch mode.withLock({ $0 }) {
        case .serverError: return try Self.json(500, ["code": 20500, "message": "Internal Server Error", "status": 500])
        case .garbage: return HTTPResponse(status: 200, body: Array("<html>oops</html>".utf8))
        case .notJSONObject: return .json(200, Array("[1,2]".utf8))
        case .slow(let milliseconds): usleep(UInt32(milliseconds * 1_000))
        case .normal, .lateAnswer, .silentAfter: break
        }
        let query = Dictionary((PercentDecoding.queryItems(request.query) ?? []).map { ($0.0, $0.1) }) { $1 }
        let (status, object) = try body(query)
        return try Self.json(status, object)
    }

    private static func json(_ status: Int, _ object: [String: Any]) throws -> HTTPResponse {
        .json(status, Array(try JSONSerialization.data(withJSONObject: object)))
    }

    private static func sender(_ sid: String, _ senderID: String, waba: String, name: String) -> [String: Any] {
        ["sid": sid, "status": "CREATING", "sender_id": senderID, "configuration": ["waba_id": waba],
         "profile": ["name": name], "url": "https://messaging.twilio.com/v2/Channels/Senders/" + sid]
    }

    private static func address(_ sid: String, _ country: String) -> [String: Any] {
        ["sid": sid, "account_sid": accountSID, "friendly_name": "Office \(sid.suffix(2))", "customer_name": "Dodici GmbH",
         "street": "Potsdamer Platz 1", "street_secondary": NSNull(), "city": "Berlin", "region": "BE",
         "postal_code": "10785", "iso_country": country, "validated": true, "verified": true]
    }

    private static func form(_ body: [UInt8]) -> [String: String] {
        let items = PercentDecoding.queryItems(Substring(String(decoding: body, as: UTF8.self))) ?? []
        return Dictionary(items.map { ($0.0, $0.1) }) { $1 }
    }

    /// Writes the fake's credentials where `--provider twilio` reads them.
    static func writeCredentials(keysDirectory: String, mode: mode_t = 0o600, content: String? = nil) throws {
        let path = keysDirectory + "/twilio.credentials"
        try (content ?? "\(accountSID):\(authToken)\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
    }
}
