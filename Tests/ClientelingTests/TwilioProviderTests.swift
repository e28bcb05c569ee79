@testable import Clienteling
import Foundation
import HTTPClient
import ISO3166
import XCTest

/// The Twilio adapter against the loopback fake of Twilio's endpoints.
final class TwilioProviderTests: XCTestCase {
    private var keys = ""

    override func setUpWithError() throws {
        keys = NSTemporaryDirectory() + "twilio-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try FakeTwilio.writeCredentials(keysDirectory: keys)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: keys) }

    private func provider(_ fake: FakeTwilio, timeoutMilliseconds: Int = 2_000) throws -> TwilioProvider {
        var configuration = HTTPClient.Configuration()
        configuration.ioTimeoutMilliseconds = timeoutMilliseconds
        return try TwilioProvider(keysDirectory: keys, hosts: try .single(fake.url), client: HTTPClient(configuration: configuration))
    }

    func testListsComeFromTheDocumentedShapesAcrossPages() throws {
        let fake = try FakeTwilio()
        let twilio = try provider(fake)
        let de = CountryCode("DE")!
        let numbers = try twilio.availableNumbers(country: de)
        XCTAssertEqual(numbers.count, 6)
        XCTAssertEqual(numbers[0], AvailableNumber(phoneNumber: "+49305550000", locality: "Berlin", region: "BE"))
        XCTAssertEqual(try twilio.availableNumbers(country: CountryCode("FR")!), [])
        let british = try twilio.availableNumbers(country: CountryCode("GB")!)
        XCTAssertEqual(british.map(\.phoneNumber), ["+447700900000", "+447700900001", "+447700900002"], "mobile where local has none")
        XCTAssertTrue(try twilio.offers(number: "+447700900001", country: CountryCode("GB")!))
        XCTAssertEqual(try twilio.addresses(country: de).map(\.sid), FakeTwilio.germanAddresses, "both pages, DE only")
        XCTAssertEqual(try twilio.regulatoryBundles(country: de).map(\.sid), [FakeTwilio.germanBundle], "approved only")
        XCTAssertEqual(try twilio.trustProducts().count, 2, "followed meta.next_page_url")
        let paths = fake.requests.withLock { $0.map(\.path) }
        XCTAssertTrue(paths.contains("/2010-04-01/Accounts/\(FakeTwilio.accountSID)/AvailablePhoneNumbers/DE/Local.json"))
        XCTAssertTrue(paths.contains("/v2/RegulatoryCompliance/Bundles"))
    }

    func testBuyingSendsTheBundleAndAddressAndTheNumberIsThenOwned() throws {
        let fake = try FakeTwilio()
        let twilio = try provider(fake)
        let de = CountryCode("DE")!
        XCTAssertTrue(try twilio.offers(number: "+49305550002", country: de))
        XCTAssertFalse(try twilio.offers(number: "+49305559999", country: de))
        let purchase = try twilio.buy(number: "+49305550002", country: de, bundleSID: FakeTwilio.germanBundle,
                                      addressSID: FakeTwilio.germanAddresses[0])
        XCTAssertTrue(purchase.sid.hasPrefix("PN"))
        let form = fake.requests.withLock { $0.last { $0.method == "POST" }?.body } ?? ""
        XCTAssertEqual(form, "PhoneNumber=%2B49305550002&BundleSid=\(FakeTwilio.germanBundle)&AddressSid=\(FakeTwilio.germanAddresses[0])")
        XCTAssertEqual(try twilio.ownedNumber("+49305550002"), purchase)
        XCTAssertNil(try twilio.ownedNumber("+49305550003"))
        XCTAssertThrowsError(try twilio.buy(number: "+49305550002", country: de, bundleSID: nil, addressSID: nil)) {
            XCTAssertEqual($0 as? ProviderError, .rejected(status: 400, code: 21422))
        }
        let sender = try twilio.submitWhatsApp(number: "+49305550002", wabaID: "123", profileName: "Dodici")
        XCTAssertEqual(sender.status, "CREATING")
    }

    /// Senders are listed by channel only, one per page at the fake: the number's is found on a later page.
    func testAWhatsAppSenderIsFoundByItsNumberAcrossPages() throws {
        let fake = try FakeTwilio()
        let twilio = try provider(fake)
        let first = try twilio.submitWhatsApp(number: "+19045550100", wabaID: "1", profileName: "Jacksonville")
        let second = try twilio.submitWhatsApp(number: "+19045550101", wabaID: "2", profileName: "Orange Park")
        XCTAssertNotEqual(first.sid, second.sid)
        let found = try XCTUnwrap(try twilio.whatsAppSender(number: "+19045550101"))
        XCTAssertEqual(found, WhatsAppSubmission(sid: second.sid, status: "CREATING", wabaID: "2", profileName: "Orange Park"))
        XCTAssertEqual(try twilio.whatsAppSender(number: "+19045550100")?.sid, first.sid)
        XCTAssertNil(try twilio.whatsAppSender(number: "+19045550102"))
        XCTAssertEqual(fake.requests.withLock { $0.filter { $0.method == "GET" && $0.path == "/v2/Channels/Senders" }.count }, 6,
                       "both pages for each look-up")
    }

    func testFailuresBecomeProviderErrors() throws {
        let fake = try FakeTwilio()
        let twilio = try provider(fake, timeoutMilliseconds: 300)
        let us = CountryCode("US")!
        fake.mode.withLock { $0 = .serverError }
        XCTAssertThrowsError(try twilio.availableNumbers(country: us)) { XCTAssertEqual($0 as? ProviderError, .failed(status: 500)) }
        fake.mode.withLock { $0 = .garbage }
        XCTAssertThrowsError(try twilio.trustProducts()) { XCTAssertEqual($0 as? ProviderError, .badAnswer) }
        fake.mode.withLock { $0 = .notJSONObject }
        XCTAssertThrowsError(try twilio.addresses(country: us)) { XCTAssertEqual($0 as? ProviderError, .badAnswer) }
        fake.mode.withLock { $0 = .slow(milliseconds: 1_000) }
        XCTAssertThrowsError(try twilio.regulatoryBundles(country: us)) { XCTAssertEqual($0 as? ProviderError, .timeout) }
        fake.mode.withLock { $0 = .normal }

        try FakeTwilio.writeCredentials(keysDirectory: keys, content: "AC\(String(repeating: "0", count: 32)):wrong\n")
        XCTAssertThrowsError(try provider(fake).trustProducts()) { XCTAssertEqual($0 as? ProviderError, .unauthorized) }

        let closed = try TwilioProvider(keysDirectory: keys, hosts: try .single("http://127.0.0.1:1"))
        XCTAssertThrowsError(try closed.trustProducts()) { XCTAssertEqual($0 as? ProviderError, .unreachable) }
    }

    func testCredentialsMustBeAPrivateWellFormedFile() throws {
        func refusal() -> String {
            do {
                _ = try TwilioProvider(keysDirectory: keys, hosts: .twilio)
                return ""
            } catch {
                return error.description
            }
        }
        try FakeTwilio.writeCredentials(keysDirectory: keys, mode: 0o644)
        XCTAssertTrue(refusal().contains("chmod 600"))
        try FakeTwilio.writeCredentials(keysDirectory: keys, content: "no-colon-here\n")
        XCTAssertTrue(refusal().contains("ACCOUNT_SID:AUTH_TOKEN"))
        try FakeTwilio.writeCredentials(keysDirectory: keys, content: "XX123:" + FakeTwilio.authToken)
        XCTAssertFalse(refusal().isEmpty)
        XCTAssertFalse(refusal().contains(FakeTwilio.authToken), "an error never shows the token")
        try FileManager.default.removeItem(atPath: keys + "/twilio.credentials")
        XCTAssertTrue(refusal().contains("missing"))
        XCTAssertThrowsError(try TwilioProvider.Hosts.single("http://api.example.com"), "plain http only to loopback")
        XCTAssertNoThrow(try TwilioProvider.Hosts.single("https://api.example.com"))
    }

    /// A store with its number, onboarded through the fake with a client giving up after `timeout`.
    private func onboardedStore(_ fake: FakeTwilio, timeout: Int) throws -> SetupFixture {
        let f = try SetupFixture { _ in try! self.provider(fake, timeoutMilliseconds: timeout) }
        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        return f
    }

    /// Twilio created the sender but its answer never came (the client timed out), and the check that followed
    /// got no answer either: the store goes back to `none`, and the retry adopts that sender instead of
    /// registering the number a second time.
    func testAWhatsAppSenderWhoseAnswerWasLostIsAdoptedByTheRetry() throws {
        let fake = try FakeTwilio()
        let f = try onboardedStore(fake, timeout: 1_000)
        let body = ["waba_id": "1234", "profile_name": "Dodici NY"]
        fake.mode.withLock { $0 = .silentAfter(method: "POST", milliseconds: 2_500) }
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 503)
        XCTAssertEqual(fake.senders.withLock { $0.count }, 1, "created, though the answer was lost")
        XCTAssertEqual((try f.storeJSON("ny")["whatsapp"] as? [String: Any])?["status"] as? String, "none")

        fake.mode.withLock { $0 = .normal }
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 204)
        let senders = fake.senders.withLock { $0 }
        XCTAssertEqual(senders.count, 1, "adopted, not created again")
        let record = try XCTUnwrap(try f.store.store(tenant: "acme", id: "ny"))
        XCTAssertEqual(record.whatsAppStatus, .pending)
        XCTAssertEqual(record.whatsAppSID, senders.first?.sid)
        XCTAssertEqual(record.wabaID, "1234")
        XCTAssertEqual(fake.requests.withLock { $0.filter { $0.method == "POST" && $0.path == "/v2/Channels/Senders" }.count }, 1)
    }

    /// The create's answer is lost but Twilio answers the check at once: the sender is the store's in the
    /// same request, and a second submission finds it rather than creating another.
    func testALostCreateAnswerIsSettledAtOnceByAskingTwilio() throws {
        let fake = try FakeTwilio()
        let f = try onboardedStore(fake, timeout: 1_000)
        let body = ["waba_id": "1234", "profile_name": "Dodici NY"]
        fake.mode.withLock { $0 = .lateAnswer(milliseconds: 2_500, method: "POST") }
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 204)
        fake.mode.withLock { $0 = .normal }
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 204)
        let senders = fake.senders.withLock { $0 }
        XCTAssertEqual(senders.count, 1)
        XCTAssertEqual(try f.store.store(tenant: "acme", id: "ny")?.whatsAppSID, senders.first?.sid)
        XCTAssertEqual((try f.storeJSON("ny")["whatsapp"] as? [String: Any])?["status"] as? String, "pending")
    }

    /// The whole /setup flow with Twilio behind it: a German store onboarded, then a failing provider.
    func testOnboardingThroughTwilio() throws {
        let fake = try FakeTwilio()
        var keysDirectory = ""
        let f = try SetupFixture { _ in
            try! FakeTwilio.writeCredentials(keysDirectory: self.keys)
            keysDirectory = self.keys
            return try! TwilioProvider(keysDirectory: self.keys, hosts: try! .single(fake.url))
        }
        XCTAssertFalse(keysDirectory.isEmpty)
        try f.putStore("berlin", country: "DE")
        let body = try f.onboardingBody("berlin")
        XCTAssertEqual(body["bundle_sid"], FakeTwilio.germanBundle)
        XCTAssertEqual(try f.send("POST", "/setup/stores/berlin?enable=true", body).status, 204)
        XCTAssertEqual(try f.storeJSON("berlin")["phone_number"] as? String, body["phone_number"])
        XCTAssertEqual(try f.send("POST", "/setup/stores/berlin/whatsapp", ["waba_id": "1", "profile_name": "Dodici"]).status, 204)
        try f.putStore("munich", country: "DE")
        let next = try f.onboardingBody("munich")
        fake.mode.withLock { $0 = .serverError }
        XCTAssertEqual(try f.send("POST", "/setup/stores/munich", next).status, 502)
        XCTAssertEqual(try f.storeJSON("munich")["number_status"] as? String, "none")
        XCTAssertEqual(try f.send("GET", "/setup/trust-products").status, 502)
    }
}
