import Clienteling
import Foundation
import HTTPTestSupport
import ISO3166
import Locking
import XCTest

/// The sandbox provider with failures switched on per call, to check that a failing provider is a 502/503
/// and never leaves a store half-onboarded.
final class FlakyProvider: TelephonyProvider, @unchecked Sendable {
    enum Call: Hashable { case lists, offers, buy, buyAfterPurchase, owned, whatsApp, whatsAppAfterSubmit, senders,
                          sendersAfterSubmit }
    let base: LocalProvider
    let failures = Locked<[Call: ProviderError]>([:])
    /// Senders the sandbox registered through this provider.
    let submitted = Locked<[WhatsAppSubmission]>([])
    /// When set, that call signals `entered` and waits for `release`.
    var gate: (call: Call, entered: DispatchSemaphore, release: DispatchSemaphore)?

    private func pass(_ call: Call) {
        guard let gate, gate.call == call else { return }
        gate.entered.signal()
        gate.release.wait()
    }

    init(_ base: LocalProvider) { self.base = base }

    var name: String { base.name }
    func signInbound(_ payload: [UInt8]) throws(ProviderError) -> [UInt8] { try base.signInbound(payload) }

    func fail(_ call: Call, with error: ProviderError?) { failures.withLock { $0[call] = error } }

    private func check(_ call: Call) throws(ProviderError) {
        if let error = failures.withLock({ $0[call] }) { throw error }
    }

    func availableNumbers(country: CountryCode) throws(ProviderError) -> [AvailableNumber] {
        try check(.lists); return try base.availableNumbers(country: country)
    }
    func offers(number: String, country: CountryCode) throws(ProviderError) -> Bool {
        try check(.offers); return try base.offers(number: number, country: country)
    }
    func ownedNumber(_ number: String) throws(ProviderError) -> PurchasedNumber? {
        try check(.owned); return try base.ownedNumber(number)
    }
    func addresses(country: CountryCode) throws(ProviderError) -> [ProviderAddress] {
        try check(.lists); return try base.addresses(country: country)
    }
    func regulatoryBundles(country: CountryCode) throws(ProviderError) -> [RegulatoryBundle] {
        try check(.lists); return try base.regulatoryBundles(country: country)
    }
    func trustProducts() throws(ProviderError) -> [TrustProduct] {
        pass(.lists)
        try check(.lists)
        return try base.trustProducts()
    }
    func buy(number: String, country: CountryCode, bundleSID: String?, addressSID: String?) throws(ProviderError) -> PurchasedNumber {
        pass(.buy)
        try check(.buy)
        let purchase = try base.buy(number: number, country: country, bundleSID: bundleSID, addressSID: addressSID)
        try check(.buyAfterPurchase)  // bought, but the answer is lost (a timeout after the provider acted)
        return purchase
    }
    func submitWhatsApp(number: String, wabaID: String, profileName: String) throws(ProviderError) -> WhatsAppSubmission {
        try check(.whatsApp)
        let submission = try base.submitWhatsApp(number: number, wabaID: wabaID, profileName: profileName)
        submitted.withLock { $0.append(submission) }
        try check(.whatsAppAfterSubmit)  // registered, but the answer is lost
        return submission
    }
    func whatsAppSender(number: String) throws(ProviderError) -> WhatsAppSubmission? {
        try check(.senders)
        if !submitted.withLock(\.isEmpty) { try check(.sendersAfterSubmit) }  // silent since it registered one
        return try base.whatsAppSender(number: number)
    }
}

final class ProviderFailureTests: XCTestCase {
    private func fixture() throws -> (SetupFixture, FlakyProvider) {
        var flaky: FlakyProvider?
        let f = try SetupFixture { local in
            let provider = FlakyProvider(local)
            flaky = provider
            return provider
        }
        return (f, flaky!)
    }

    func testOneStoreIsOnboardedByOneRequestAtATime() throws {
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let (f, provider) = try fixture()
        provider.gate = (.buy, entered, release)
        try f.putStore("ny", country: "US")
        let body = try f.onboardingBody("ny")
        let first = try TestConnection(port: f.port)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        try first.send("POST /setup/stores/ny HTTP/1.1\r\nHost: x\r\nTenant: acme\r\nAuthorization: Bearer \(f.secrets["acme"]!)\r\n"
                       + "Content-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n" + json)
        XCTAssertEqual(entered.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "purchasing")
        let second = try f.send("POST", "/setup/stores/ny", body)
        XCTAssertEqual(second.status, 409)
        XCTAssertTrue((second.json["message"] as? String ?? "").contains("being onboarded"))
        release.signal()
        XCTAssertEqual(try first.readResponse().status, 204)
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "active")
    }

    func testAnUnreachableProviderLeavesNothingReserved() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        provider.fail(.buy, with: .unreachable)
        provider.fail(.owned, with: .unreachable)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 503)
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "none", "never reached: nothing to settle")
    }

    func testRateLimitsAndOutagesAreRetryable() {
        XCTAssertEqual(ProviderError.failed(status: 429).httpStatus, 503)
        XCTAssertEqual(ProviderError.failed(status: 503).httpStatus, 503)
        XCTAssertEqual(ProviderError.failed(status: 500).httpStatus, 502)
        XCTAssertEqual(ProviderError.rejected(status: 400, code: 21422).httpStatus, 502)
        XCTAssertEqual(ProviderError.timeout.httpStatus, 503)
    }

    func testFailuresAre502Or503WithAMessage() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        provider.fail(.lists, with: .timeout)
        let timeout = try f.send("GET", "/setup/stores/ny/available_phone_numbers")
        XCTAssertEqual(timeout.status, 503)
        XCTAssertNotNil(timeout.headers["retry-after"])
        XCTAssertTrue((timeout.json["message"] as? String ?? "").contains("provider"))
        provider.fail(.lists, with: .failed(status: 500))
        XCTAssertEqual(try f.send("GET", "/setup/trust-products").status, 502)
        provider.fail(.lists, with: .badAnswer)
        XCTAssertEqual(try f.send("GET", "/setup/stores/ny/addresses").status, 502)
    }

    func testARefusedPurchaseLeavesTheStoreAsItWas() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        let body = try f.onboardingBody("ny")
        provider.fail(.buy, with: .rejected(status: 400, code: 21422))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", body).status, 502)
        let store = try f.storeJSON("ny")
        XCTAssertEqual(store["number_status"] as? String, "none")
        XCTAssertTrue(store["phone_number"] is NSNull)
        provider.fail(.buy, with: nil)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", body).status, 204, "the number was released")
    }

    func testAFailedPurchaseTheProviderDidNotMakeIsReleased() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        let body = try f.onboardingBody("ny")
        provider.fail(.buy, with: .failed(status: 500))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", body).status, 502)
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "none", "asked, the provider owns nothing")
        provider.fail(.buy, with: .failed(status: 503))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", body).status, 503, "down for a while: retry")
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "none")
    }

    func testAPurchaseWhoseAnswerWasLostIsFinishedNotRepeated() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        let body = try f.onboardingBody("ny")
        provider.fail(.buyAfterPurchase, with: .timeout)
        provider.fail(.owned, with: .timeout)
        let first = try f.send("POST", "/setup/stores/ny", body)
        XCTAssertEqual(first.status, 503, "outcome unknown")
        let pending = try f.storeJSON("ny")
        XCTAssertEqual(pending["number_status"] as? String, "purchasing", "reserved, not assigned")
        XCTAssertEqual(pending["enabled"] as? Bool, false)
        try f.putStore("other", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/other", body).status, 409, "still reserved for ny")

        provider.fail(.owned, with: nil)
        provider.fail(.buyAfterPurchase, with: nil)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny?enable=true", body).status, 204)
        let done = try f.storeJSON("ny")
        XCTAssertEqual(done["number_status"] as? String, "active")
        XCTAssertEqual(done["phone_number"] as? String, body["phone_number"])
        XCTAssertEqual(done["enabled"] as? Bool, true)
    }

    /// A purchase left unsettled, then an onboarding with another number: the provider decides which.
    func testALeftOverPurchaseIsSettledBeforeAnotherNumber() throws {
        let (f, provider) = try fixture()
        try f.putStore("berlin", country: "DE")
        try f.putStore("munich", country: "DE")
        var first = try f.onboardingBody("berlin")
        let numbers = try JSONSerialization.jsonObject(with: Data(try f.send("GET", "/setup/stores/berlin/available_phone_numbers").body))
            as? [[String: String]] ?? []
        let other = try XCTUnwrap(numbers.last?["phone_number"])

        // Bought, answer lost, and no word from the provider since: the next attempt finds it bought.
        provider.fail(.buyAfterPurchase, with: .timeout)
        provider.fail(.owned, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/berlin", first).status, 503)
        provider.fail(.buyAfterPurchase, with: nil)
        provider.fail(.owned, with: nil)
        var retry = first
        retry["phone_number"] = other
        XCTAssertEqual(try f.send("POST", "/setup/stores/berlin", retry).status, 409, "it has the first number now")
        let berlin = try f.storeJSON("berlin")
        XCTAssertEqual(berlin["phone_number"] as? String, first["phone_number"])
        XCTAssertEqual(berlin["bundle_sid"] as? String, first["bundle_sid"], "kept from the interrupted purchase")
        XCTAssertEqual(berlin["address_sid"] as? String, first["address_sid"])

        // Never bought: the reservation goes and the other number is bought instead.
        first = try f.onboardingBody("munich")
        provider.fail(.buy, with: .timeout)
        provider.fail(.owned, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/munich", first).status, 503)
        XCTAssertEqual(try f.storeJSON("munich")["number_status"] as? String, "purchasing")
        provider.fail(.buy, with: nil)
        provider.fail(.owned, with: nil)
        retry = first
        retry["phone_number"] = other
        XCTAssertEqual(try f.send("POST", "/setup/stores/munich", retry).status, 204)
        XCTAssertEqual(try f.storeJSON("munich")["phone_number"] as? String, other)
        XCTAssertEqual(try f.send("POST", "/setup/stores/berlin", first).status, 409, "berlin has a number already")
        try f.putStore("hamburg", country: "DE")
        XCTAssertEqual(try f.send("POST", "/setup/stores/hamburg", first).status, 204, "the released number is free")
    }

    /// What `piivault serve` does at start for purchases a crash left pending.
    func testPendingPurchasesAreSettledAtStart() throws {
        let (f, provider) = try fixture()
        try f.putStore("bought", country: "US")
        try f.putStore("never", country: "US")
        let bought = try f.onboardingBody("bought")
        provider.fail(.buyAfterPurchase, with: .timeout)
        provider.fail(.owned, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/bought?enable=true", bought).status, 503)
        provider.fail(.buyAfterPurchase, with: nil)
        provider.fail(.buy, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/never", try f.onboardingBody("never")).status, 503)
        XCTAssertEqual(try f.storeJSON("never")["number_status"] as? String, "purchasing")

        let restarted = Onboarding(store: f.store, provider: provider)
        XCTAssertEqual(restarted.settleInterruptedPurchases(), 0, "the provider still does not answer: both stay pending")
        provider.fail(.owned, with: nil)
        XCTAssertEqual(restarted.settleInterruptedPurchases(), 2)
        let store = try f.storeJSON("bought")
        XCTAssertEqual(store["number_status"] as? String, "active")
        XCTAssertEqual(store["phone_number"] as? String, bought["phone_number"])
        XCTAssertEqual(store["enabled"] as? Bool, true, "as the interrupted request asked")
        XCTAssertEqual(try f.storeJSON("never")["number_status"] as? String, "none", "released: never bought")
        XCTAssertEqual(restarted.settleInterruptedPurchases(), 0, "nothing left")
    }

    func testALostAnswerTheProviderConfirmsCompletesAtOnce() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        let body = try f.onboardingBody("ny")
        provider.fail(.buyAfterPurchase, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", body).status, 204)
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "active")
    }

    /// The sandbox registered the sender and the answer was lost: asked at once, the provider has it, so it is
    /// the store's; a second submission adopts it too, and the number is registered once.
    func testAWhatsAppSenderWhoseAnswerWasLostIsAdoptedNotRegisteredAgain() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        let body = ["waba_id": "123", "profile_name": "NY"]
        provider.fail(.whatsAppAfterSubmit, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 204)
        provider.fail(.whatsAppAfterSubmit, with: nil)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 204)
        XCTAssertEqual(provider.submitted.withLock { $0.count }, 1)
        XCTAssertEqual(try f.store.store(tenant: "acme", id: "ny")?.whatsAppSID, provider.submitted.withLock { $0.first?.sid })
    }

    /// Lost answer and no word from the provider since: the store is put back, and the next submission asks
    /// first and adopts the sender instead of registering a second one.
    func testAWhatsAppSubmissionOfUnknownOutcomeIsSettledByTheNextOne() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        let body = ["waba_id": "123", "profile_name": "NY"]
        provider.fail(.whatsAppAfterSubmit, with: .failed(status: 500))
        provider.fail(.sendersAfterSubmit, with: .timeout)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 502)
        XCTAssertEqual((try f.storeJSON("ny")["whatsapp"] as? [String: Any])?["status"] as? String, "none")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 503, "cannot ask: nothing is sent")
        XCTAssertEqual(provider.submitted.withLock { $0.count }, 1)
        provider.fail(.whatsAppAfterSubmit, with: nil)
        provider.fail(.sendersAfterSubmit, with: nil)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", body).status, 204)
        XCTAssertEqual(provider.submitted.withLock { $0.count }, 1, "adopted, not registered again")
        let record = try XCTUnwrap(try f.store.store(tenant: "acme", id: "ny"))
        XCTAssertEqual(record.whatsAppStatus, .pending)
        XCTAssertEqual(record.whatsAppSID, provider.submitted.withLock { $0.first?.sid })
    }

    func testAWhatsAppSubmissionTheProviderDidNotTakeIsNotLeftPending() throws {
        let (f, provider) = try fixture()
        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        provider.fail(.whatsApp, with: .unreachable)
        let response = try f.send("POST", "/setup/stores/ny/whatsapp", ["waba_id": "123", "profile_name": "NY"])
        XCTAssertEqual(response.status, 503)
        let whatsapp = try f.storeJSON("ny")["whatsapp"] as? [String: Any]
        XCTAssertEqual(whatsapp?["status"] as? String, "none")
        XCTAssertTrue(whatsapp?["waba_id"] is NSNull)
    }
}
