@testable import Clienteling
import Foundation
import HTTPTestSupport
import XCTest

/// Shoppers and their messages: profiles made through the vault's API, and inbound messages posted to the
/// webhook as Twilio posts them, signed with the sandbox account's token.
extension SetupFixture {
    /// The URL the test client's requests are signed for when no `--setup-webhook-url` is set (its Host is
    /// `localhost`).
    static let localWebhookURL = "http://localhost/setup/webhooks/twilio/messages"

    /// A profile of `tenant` with this phone number; its id.
    func createShopper(phone: String, email: String? = nil, tenant: String = "acme") throws -> String {
        let key = try makeKey(tenant: tenant, scopes: [.profilesWrite, .profilesRead])
        let response = try send("POST", "/v1/d/pii/profiles", ["email": email ?? "s\(phone.dropFirst())@example.org",
                                                               "phone_number": phone], tenant: tenant, key: key)
        XCTAssertEqual(response.status, 201, response.text)
        return try XCTUnwrap(response.json["id"] as? String)
    }

    /// Registers and onboards a US store; its clienteling number.
    func onboardedStore(_ id: String, tenant: String = "acme") throws -> String {
        try putStore(id, country: "US", tenant: tenant)
        let body = try onboardingBody(id, tenant: tenant)
        XCTAssertEqual(try send("POST", "/setup/stores/\(id)", body, tenant: tenant).status, 204)
        return try XCTUnwrap(body["phone_number"])
    }

    func signature(_ parameters: [(String, String)], url: String = SetupFixture.localWebhookURL) throws -> String {
        Data(try local.signInbound(TwilioSignature.payload(url: url, parameters: parameters))).base64EncodedString()
    }

    /// A message's form fields as Twilio sends them.
    static func message(from: String, to: String, body: String, sid: String? = nil) -> [(String, String)] {
        [("ToCountry", "US"), ("SmsMessageSid", sid ?? ""), ("NumMedia", "0"), ("MessageSid", sid ?? Self.messageSID()),
         ("AccountSid", LocalProvider.accountSID), ("From", from), ("To", to), ("Body", body), ("NumSegments", "1"),
         ("ApiVersion", "2010-04-01")]
    }

    static func messageSID() -> String { "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    /// Posts the form to the webhook, signed for `url` unless `signature` says otherwise ("" for none).
    @discardableResult
    func inbound(_ parameters: [(String, String)], signature: String? = nil, url: String = SetupFixture.localWebhookURL,
                 contentType: String = "application/x-www-form-urlencoded") throws -> TestResponse {
        var headers = ["Content-Type": contentType]
        let signed = try signature ?? self.signature(parameters, url: url)
        if !signed.isEmpty { headers["X-Twilio-Signature"] = signed }
        let body = parameters.map { FormEncoding.encode($0.0) + "=" + FormEncoding.encode($0.1) }.joined(separator: "&")
        return try httpRequest(port: port, method: "POST", path: "/setup/webhooks/twilio/messages", headers: headers, body: body)
    }

    /// The stored consent of a profile, store id to state.
    func optIns(_ profileID: String, tenant: String = "acme") throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try store.optIns(tenant: tenant, profileID: profileID).map { ($0.storeID, $0.state.rawValue) })
    }
}
