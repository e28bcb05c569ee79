import HTTPClient
import ISO3166
import JSONCore

/// Twilio's REST API as the telephony provider (`--provider twilio`): available numbers (local, else mobile,
/// SMS-capable), addresses and incoming numbers from the 2010-04-01 API, approved regulatory bundles from Numbers v2, trust products
/// from Trust Hub v1, WhatsApp senders from Messaging v2. Lists follow Twilio's paging up to `maxPages`.
/// Answers are checked against the documented shapes; anything else is `.badAnswer`.
package final class TwilioProvider: TelephonyProvider {
    /// The API's hosts; `--provider-url` replaces all four with one base (a loopback fake, in the tests).
    package struct Hosts: Sendable {
        let api: ClientURL, numbers: ClientURL, trustHub: ClientURL, messaging: ClientURL

        package static let twilio = Hosts(api: ClientURL("https://api.twilio.com")!,
                                         numbers: ClientURL("https://numbers.twilio.com")!,
                                         trustHub: ClientURL("https://trusthub.twilio.com")!,
                                         messaging: ClientURL("https://messaging.twilio.com")!)

        /// One base URL for every host: https anywhere, plain http only to this machine.
        package static func single(_ text: String) throws(SetupError) -> Hosts {
            guard let url = ClientURL(text), url.secure || url.isLoopback else {
                throw .configuration("--provider-url must be an https:// URL (http:// only for a loopback address)")
            }
            return Hosts(api: url, numbers: url, trustHub: url, messaging: url)
        }
    }

    static let maxPages = 10
    private let credentials: TwilioCredentials
    private let hosts: Hosts
    private let client: HTTPClient

    package init(keysDirectory: String, hosts: Hosts = .twilio, client: HTTPClient = HTTPClient()) throws(SetupError) {
        credentials = try TwilioCredentials(keysDirectory: keysDirectory)
        self.hosts = hosts
        self.client = client
    }

    package var name: String { "twilio" }

    package func signInbound(_ payload: [UInt8]) throws(ProviderError) -> [UInt8] {
        do { return try credentials.sign(payload) } catch { throw .failed(status: 500) }
    }

    private var account: String { "/2010-04-01/Accounts/\(credentials.accountSID)" }

    package func availableNumbers(country: CountryCode) throws(ProviderError) -> [AvailableNumber] {
        try searchNumbers(country: country, extra: "")
    }

    package func offers(number: String, country: CountryCode) throws(ProviderError) -> Bool {
        // `Contains` matches digits anywhere in the number; the last seven narrow the search to a few
        // numbers whichever part of the number Twilio matches against, and the exact number is checked here.
        try searchNumbers(country: country, extra: "&Contains=" + FormEncoding.encode(String(number.suffix(7))))
            .contains { $0.phoneNumber == number }
    }

    package func ownedNumber(_ number: String) throws(ProviderError) -> PurchasedNumber? {
        let items = try list(hosts.api, "\(account)/IncomingPhoneNumbers.json?PhoneNumber=\(FormEncoding.encode(number))",
                             key: "incoming_phone_numbers")
        return try items.map(Self.purchase).first { $0.phoneNumber == number }
    }

    package func addresses(country: CountryCode) throws(ProviderError) -> [ProviderAddress] {
        let items = try list(hosts.api, "\(account)/Addresses.json?IsoCountry=\(country.code)&PageSize=100", key: "addresses")
        return try items.map { item throws(ProviderError) in
            func field(_ name: String) -> String { item[name]?.stringValue ?? "" }
            guard let sid = item["sid"]?.stringValue else { throw .badAnswer }
            return ProviderAddress(sid: sid, friendlyName: field("friendly_name"), street: field("street"),
                                   streetSecondary: field("street_secondary"), city: field("city"), region: field("region"),
                                   postalCode: field("postal_code"), isoCountry: field("iso_country"))
        }.filter { $0.isoCountry == country.code }
    }

    package func regulatoryBundles(country: CountryCode) throws(ProviderError) -> [RegulatoryBundle] {
        let query = "IsoCountry=\(country.code)&Status=twilio-approved&PageSize=100"
        return try approved(try list(hosts.numbers, "/v2/RegulatoryCompliance/Bundles?" + query, key: "results"))
    }

    package func trustProducts() throws(ProviderError) -> [TrustProduct] {
        try approved(try list(hosts.trustHub, "/v1/TrustProducts?Status=twilio-approved&PageSize=100", key: "results"))
    }

    package func buy(number: String, country: CountryCode, bundleSID: String?,
                    addressSID: String?) throws(ProviderError) -> PurchasedNumber {
        var form = [("PhoneNumber", number)]
        if let bundleSID { form.append(("BundleSid", bundleSID)) }
        if let addressSID { form.append(("AddressSid", addressSID)) }
        let body = Array(form.map { "\($0.0)=\(FormEncoding.encode($0.1))" }.joined(separator: "&").utf8)
        let answer = try exchange("POST", hosts.api, "\(account)/IncomingPhoneNumbers.json", body: body,
                                  contentType: "application/x-www-form-urlencoded")
        let purchase = try Self.purchase(answer)
        guard purchase.phoneNumber == number else { throw .badAnswer }
        return purchase
    }

    package func submitWhatsApp(number: String, wabaID: String, profileName: String) throws(ProviderError) -> WhatsAppSubmission {
        let request = JSONValue.object([
            JSONMember("sender_id", .string("whatsapp:" + number)),
            JSONMember("configuration", .object([JSONMember("waba_id", .string(wabaID))])),
            JSONMember("profile", .object([JSONMember("name", .string(profileName))])),
        ])
        return try Self.sender(try exchange("POST", hosts.messaging, "/v2/Channels/Senders", body: request.serialized,
                                            contentType: "application/json"))
    }

    package func whatsAppSender(number: String) throws(ProviderError) -> WhatsAppSubmission? {
        // The list filters by channel only: the number is looked for in every page of the account's senders.
        let senderID = "whatsapp:" + number
        let items = try list(hosts.messaging, "/v2/Channels/Senders?Channel=whatsapp&PageSize=100", key: "senders")
        return try items.first { $0["sender_id"]?.stringValue == senderID }.map(Self.sender)
    }

    /// SMS-capable numbers of the country: local ones, and mobile ones where local numbers take no SMS
    /// (much of Europe: GB, DE, ...); clienteling conversations need SMS.
    private func searchNumbers(country: CountryCode, extra: String) throws(ProviderError) -> [AvailableNumber] {
        let local = try searchNumbers(country: country, type: "Local", extra: extra)
        return local.isEmpty ? try searchNumbers(country: country, type: "Mobile", extra: extra) : local
    }

    private func searchNumbers(country: CountryCode, type: String, extra: String) throws(ProviderError) -> [AvailableNumber] {
        let path = "\(account)/AvailablePhoneNumbers/\(country.code)/\(type).json?SmsEnabled=true&PageSize=50" + extra
        let items: [JSONValue]
        do {
            // A country without numbers of this type is a 404 for the resource: nothing to offer.
            items = try single(hosts.api, path, key: "available_phone_numbers")
        } catch .rejected(status: 404, _) {
            return []
        }
        return try items.map { item throws(ProviderError) in
            guard let number = item["phone_number"]?.stringValue else { throw .badAnswer }
            return AvailableNumber(phoneNumber: number, locality: item["locality"]?.stringValue ?? "",
                                   region: item["region"]?.stringValue ?? "")
        }
    }

    private func approved(_ items: [JSONValue]) throws(ProviderError) -> [RegulatoryBundle] {
        var out: [RegulatoryBundle] = []
        for item in items {
            guard let sid = item["sid"]?.stringValue else { throw .badAnswer }
            guard item["status"]?.stringValue == "twilio-approved" else { continue }
            out.append(RegulatoryBundle(sid: sid, friendlyName: item["friendly_name"]?.stringValue ?? ""))
        }
        return out
    }

    private static func sender(_ item: JSONValue) throws(ProviderError) -> WhatsAppSubmission {
        guard let sid = item["sid"]?.stringValue, let status = item["status"]?.stringValue else { throw .badAnswer }
        return WhatsAppSubmission(sid: sid, status: status, wabaID: item["configuration"]?["waba_id"]?.stringValue,
                                  profileName: item["profile"]?["name"]?.stringValue)
    }

    private static func purchase(_ item: JSONValue) throws(ProviderError) -> PurchasedNumber {
        guard let sid = item["sid"]?.stringValue, let number = item["phone_number"]?.stringValue else { throw .badAnswer }
        return PurchasedNumber(sid: sid, phoneNumber: number)
    }

    /// One page only: number searches are not paged by Twilio.
    private func single(_ host: ClientURL, _ path: String, key: String) throws(ProviderError) -> [JSONValue] {
        guard case .array(let items)? = try exchange("GET", host, path)[key] else { throw .badAnswer }
        return items
    }

    /// Every page of a list, following `next_page_uri` (2010 API) or `meta.next_page_url` (v1/v2) on the
    /// same host only: a next-page link elsewhere would carry our credentials there.
    private func list(_ host: ClientURL, _ path: String, key: String) throws(ProviderError) -> [JSONValue] {
        var items: [JSONValue] = []
        var next: String? = path
        var pages = 0
        while let target = next, pages < Self.maxPages {
            let page = try exchange("GET", host, target)
            guard case .array(let found)? = page[key] else { throw .badAnswer }
            items += found
            pages += 1
            next = nil
            if let uri = page["next_page_uri"]?.stringValue, uri.hasPrefix("/") {
                next = uri
            } else if let url = page["meta"]?["next_page_url"]?.stringValue {
                guard let parsed = ClientURL(url), parsed.host == host.host || host.isLoopback else { throw .badAnswer }
                next = parsed.target
            }
        }
        return items
    }

    private func exchange(_ method: String, _ host: ClientURL, _ target: String, body: [UInt8] = [],
                          contentType: String? = nil) throws(ProviderError) -> JSONValue {
        guard let url = ClientURL(host.appending(target)) else { throw .badAnswer }
        var headers = [credentials.header, ("Accept", "application/json")]
        if let contentType { headers.append(("Content-Type", contentType)) }
        let response: ClientResponse
        do {
            response = try client.send(method: method, url: url, headers: headers, body: body)
        } catch {
            switch error {
            case .timeout: throw .timeout
            case .unreachable, .backingOff, .tlsRefused: throw .unreachable
            case .malformedResponse, .responseTooLarge: throw .badAnswer
            }
        }
        let document = try? JSONParser.parse(response.body)
        switch response.status {
        case 200...299:
            guard let document, document.objectMembers != nil else { throw .badAnswer }
            return document
        case 401, 403: throw .unauthorized
        case 429: throw .failed(status: 429)
        case 400...499:
            let code = document?["code"].flatMap { value -> Int? in
                if case .number(let text) = value { return Int(text) }
                return nil
            }
            throw .rejected(status: response.status, code: code)
        default: throw .failed(status: response.status)
        }
    }
}

/// `application/x-www-form-urlencoded` values (and query values): unreserved characters as they are,
/// everything else percent-encoded.
enum FormEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to count: Int) -> String { String(repeating: "0", count: Swift.max(0, count - self.count)) + self }
}
