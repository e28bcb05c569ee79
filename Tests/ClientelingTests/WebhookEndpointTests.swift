import Clienteling
import Foundation
import StoreTestSupport
import VaultSQLite
import XCTest

/// `POST /setup/webhooks/twilio/messages`: signed by the provider, not by an API key; keywords become
/// consent per (tenant, store, profile); replays change nothing; the shopper's number is never stored here.
final class WebhookEndpointTests: XCTestCase {
    let shopper = "+12025550187"

    func testAKnownShopperOptsInAndOutWithKeywords() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        let profile = try f.createShopper(phone: shopper)
        let answer = try f.inbound(SetupFixture.message(from: shopper, to: number, body: " yes "))
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.headers["content-type"], "text/xml")
        XCTAssertTrue(answer.text.hasSuffix("<Response/>"), answer.text)
        XCTAssertEqual(try f.optIns(profile), ["ny": "accepted"])

        XCTAssertEqual(try f.inbound(SetupFixture.message(from: shopper, to: number, body: "Unsubscribe\n")).status, 200)
        XCTAssertEqual(try f.optIns(profile), ["ny": "rejected"])
        XCTAssertEqual(try f.inbound(SetupFixture.message(from: shopper, to: number, body: "Do you have it in blue?")).status, 200)
        XCTAssertEqual(try f.optIns(profile), ["ny": "rejected"], "conversation changes nothing")
        XCTAssertEqual(try f.inbound(SetupFixture.message(from: "whatsapp:" + shopper, to: "whatsapp:" + number, body: "START")).status, 200)
        XCTAssertEqual(try f.optIns(profile), ["ny": "accepted"], "WhatsApp's numbers are the same numbers")

        let records = try f.setupRecords().filter { $0.operation.hasPrefix("setup.optin.") }
        XCTAssertEqual(records.map(\.operation), ["setup.optin.accept", "setup.optin.reject", "setup.optin.accept"])
        XCTAssertTrue(records.allSatisfy { $0.records == [profile] && $0.keyID == "twilio-webhook" })
    }

    func testConsentIsPerStoreAndPerTenant() throws {
        let f = try SetupFixture()
        let ny = try f.onboardedStore("ny"), boston = try f.onboardedStore("boston")
        let globexStore = try f.onboardedStore("chicago", tenant: "globex")
        let acmeProfile = try f.createShopper(phone: shopper)
        let globexProfile = try f.createShopper(phone: shopper, tenant: "globex")
        try f.inbound(SetupFixture.message(from: shopper, to: ny, body: "YES"))
        try f.inbound(SetupFixture.message(from: shopper, to: boston, body: "STOP"))
        try f.inbound(SetupFixture.message(from: shopper, to: globexStore, body: "yes"))
        XCTAssertEqual(try f.optIns(acmeProfile), ["ny": "accepted", "boston": "rejected"])
        XCTAssertEqual(try f.optIns(globexProfile, tenant: "globex"), ["chicago": "accepted"])
        XCTAssertEqual(try f.optIns(globexProfile), [:], "another tenant's profile")
    }

    func testUnsignedAndMisSignedCallsAre403AndAudited() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        let profile = try f.createShopper(phone: shopper)
        let message = SetupFixture.message(from: shopper, to: number, body: "YES")
        let unsigned = try f.inbound(message, signature: "")
        XCTAssertEqual(unsigned.status, 403)
        XCTAssertNotNil(unsigned.json["request_id"] as? String)
        XCTAssertNotNil(unsigned.json["message"] as? String)
        XCTAssertEqual(try f.inbound(message, signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").status, 403)
        XCTAssertEqual(try f.inbound(message, signature: try f.signature(message, url: "http://localhost/elsewhere")).status, 403)
        var tampered = message
        tampered[7] = ("Body", "STOP")
        XCTAssertEqual(try f.inbound(tampered, signature: try f.signature(message)).status, 403, "a body changed after signing")
        XCTAssertEqual(try f.optIns(profile), [:])
        let refused = try f.setupRecords().filter { $0.operation == "setup.webhook.refuse" }
        XCTAssertEqual(refused.map(\.outcome), ["bad signature", "bad signature", "bad signature", "unsigned"])
        XCTAssertTrue(refused.allSatisfy { $0.records == ["ny"] })

        // A number no store has: refused all the same, on the record without a tenant.
        XCTAssertEqual(try f.inbound(SetupFixture.message(from: shopper, to: "+15005550006", body: "YES"), signature: "x").status, 403)
        XCTAssertTrue(try f.setupRecords(tenant: nil).contains { $0.operation == "setup.webhook.refuse" && $0.tenant.isEmpty })
    }

    func testAReplayChangesNothingAndAnswersTheSame() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        let profile = try f.createShopper(phone: shopper)
        let yes = SetupFixture.message(from: shopper, to: number, body: "YES")
        let first = try f.inbound(yes)
        try f.inbound(SetupFixture.message(from: shopper, to: number, body: "STOP"))
        let audited = try f.auditCount()
        let replay = try f.inbound(yes)
        XCTAssertEqual(replay.status, first.status)
        XCTAssertEqual(replay.body, first.body)
        XCTAssertEqual(try f.optIns(profile), ["ny": "rejected"], "the replayed YES came before the STOP")
        XCTAssertEqual(try f.auditCount(), audited)
    }

    func testUnknownShoppersAndNumbersAreAcceptedAndIgnored() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        XCTAssertEqual(try f.inbound(SetupFixture.message(from: shopper, to: number, body: "YES")).status, 200, "no profile")
        let profile = try f.createShopper(phone: "+12025550100")
        XCTAssertEqual(try f.inbound(SetupFixture.message(from: "+1202555010", to: number, body: "YES")).status, 200,
                       "a number that is part of a profile's is not that profile's")
        XCTAssertEqual(try f.inbound(SetupFixture.message(from: "+12025550100", to: "+15005550006", body: "YES")).status, 200,
                       "no store has that number")
        XCTAssertEqual(try f.optIns(profile), [:])
    }

    func testTheSignedURLIsTheConfiguredOne() throws {
        let f = try SetupFixture(webhookURL: "https://vault.example/setup/webhooks/twilio/messages")
        let number = try f.onboardedStore("ny")
        let profile = try f.createShopper(phone: shopper)
        let message = SetupFixture.message(from: shopper, to: number, body: "YES")
        XCTAssertEqual(try f.inbound(message).status, 403, "signed for the URL this server sees, not Twilio's")
        XCTAssertEqual(try f.inbound(message, url: "https://vault.example/setup/webhooks/twilio/messages").status, 200)
        XCTAssertEqual(try f.optIns(profile), ["ny": "accepted"])
    }

    func testTheFormIsChecked() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        let message = SetupFixture.message(from: shopper, to: number, body: "YES")
        XCTAssertEqual(try f.inbound(message, contentType: "application/json").status, 415)
        for (index, value) in [(3, "SM123"), (5, "202-555-0187"), (6, "")] {
            var bad = message
            bad[index].1 = value
            let answer = try f.inbound(bad)
            XCTAssertEqual(answer.status, 400, "\(bad[index].0)")
            XCTAssertFalse(answer.text.contains(value.isEmpty ? "\u{0}" : value), "the message repeats the input")
        }
    }

    func testTheSetupStoreHoldsNoPhoneNumberOfAShopper() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        _ = try f.createShopper(phone: shopper)
        try f.inbound(SetupFixture.message(from: shopper, to: number, body: "YES"))
        try f.inbound(SetupFixture.message(from: "+12025550999", to: number, body: "STOP"))
        f.store.close()
        let stored = TestStores.isPostgreSQL ? Data(try TestStores.storedRows(for: f.dataDirectory))
            : FileManager.default.contents(atPath: SQLiteEngine().location(of: .setup, dataDirectory: f.dataDirectory)) ?? Data()
        for digits in ["2025550187", "2025550999"] {
            XCTAssertNil(stored.range(of: Data(digits.utf8)), "the set-up store holds a shopper's number")
        }
    }

    func testTheSandboxSendsAMessageThroughTheWebhook() throws {
        let f = try SetupFixture()
        let number = try f.onboardedStore("ny")
        let other = try f.onboardedStore("chicago", tenant: "globex")
        let profile = try f.createShopper(phone: shopper)
        let sent = try f.send("POST", "/setup/sandbox/inbound-messages", ["from": shopper, "to": number, "body": "YES"])
        XCTAssertEqual(sent.status, 200, sent.text)
        XCTAssertEqual(sent.json["outcome"] as? String, "opted_in")
        let sid = try XCTUnwrap(sent.json["message_sid"] as? String)
        XCTAssertEqual(try f.optIns(profile), ["ny": "accepted"])
        let replay = try f.send("POST", "/setup/sandbox/inbound-messages", ["from": shopper, "to": number, "body": "STOP",
                                                                            "message_sid": sid])
        XCTAssertEqual(replay.json["outcome"] as? String, "opted_in", "a replay answers as the first delivery")
        XCTAssertEqual(try f.send("POST", "/setup/sandbox/inbound-messages", ["from": shopper, "to": other, "body": "YES"]).status, 404,
                       "another tenant's store")
        let reader = try f.makeKey(tenant: "acme", scopes: [.setupRead])
        XCTAssertEqual(try f.send("POST", "/setup/sandbox/inbound-messages", ["from": shopper, "to": number], key: reader).status, 403)
        XCTAssertEqual(try f.send("POST", "/setup/sandbox/inbound-messages", ["from": "0049", "to": number]).status, 400)
    }
}
