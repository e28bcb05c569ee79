import Clienteling
import Foundation
import StoreTestSupport
import Vault
import VaultSQLite
import XCTest

final class OnboardingTests: XCTestCase {
    func testAUSStoreGetsAnOfferedNumberWhichLeavesTheInventory() throws {
        let f = try SetupFixture()
        try f.putStore("ny", country: "US")
        let number = try XCTUnwrap(try f.first("available_phone_numbers", of: "ny", "phone_number"))
        XCTAssertTrue(number.hasPrefix("+1"))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", ["phone_number": number]).status, 204)
        let store = try f.storeJSON("ny")
        XCTAssertEqual(store["phone_number"] as? String, number)
        XCTAssertEqual(store["number_status"] as? String, "active")
        XCTAssertEqual(store["enabled"] as? Bool, false, "enable defaults to false")
        let offered = try f.send("GET", "/setup/stores/ny/available_phone_numbers").text
        XCTAssertFalse(offered.contains(number), "a bought number is no longer offered")

        XCTAssertEqual(try f.send("POST", "/setup/stores/ny?enable=true", ["phone_number": number]).status, 204)
        XCTAssertEqual(try f.storeJSON("ny")["enabled"] as? Bool, true, "the same number again only sets enable")
        let other = try XCTUnwrap(try f.first("available_phone_numbers", of: "ny", "phone_number"))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", ["phone_number": other]).status, 409)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny?enable=yes", ["phone_number": number]).status, 400)
    }

    func testANumberServesOneStoreAcrossAllTenants() throws {
        let f = try SetupFixture()
        try f.putStore("ny", country: "US")
        try f.putStore("boston", country: "US", tenant: "globex")
        let number = try XCTUnwrap(try f.first("available_phone_numbers", of: "ny", "phone_number"))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", ["phone_number": number]).status, 204)
        let taken = try f.send("POST", "/setup/stores/boston", ["phone_number": number], tenant: "globex")
        XCTAssertEqual(taken.status, 409)
        XCTAssertEqual(try f.storeJSON("boston", tenant: "globex")["number_status"] as? String, "none")
    }

    func testTheNumberMustBeOfferedForTheStoresCountry() throws {
        let f = try SetupFixture()
        try f.putStore("ny", country: "US")
        try f.putStore("toronto", country: "CA")
        let canadian = try XCTUnwrap(try f.first("available_phone_numbers", of: "toronto", "phone_number"))
        let response = try f.send("POST", "/setup/stores/ny", ["phone_number": canadian])
        XCTAssertEqual(response.status, 400, "a Canadian number for a US store")
        XCTAssertTrue(response.text.contains("available_phone_numbers"))
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", ["phone_number": "+12025550123"]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", ["phone_number": "12025550123"]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", [String: String]()).status, 400)
        XCTAssertEqual(try f.storeJSON("ny")["number_status"] as? String, "none", "nothing stays reserved")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", ["phone_number": canadian.replacingOccurrences(of: "+1", with: "+1")],
                                  tenant: "acme").status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/stores/toronto", ["phone_number": canadian]).status, 204,
                       "a refused attempt elsewhere left the number free")
    }

    func testStoresOutsideNorthAmericaNeedAnApprovedBundleAndAnAddressOfTheirCountry() throws {
        let f = try SetupFixture()
        try f.putStore("berlin", country: "DE")
        try f.putStore("vienna", country: "AT")
        let body = try f.onboardingBody("berlin")
        let austrian = try f.onboardingBody("vienna")
        func onboard(_ change: [String: String?]) throws -> TestResponseSummary {
            var request = body
            for (key, value) in change { request[key] = value }
            let response = try f.send("POST", "/setup/stores/berlin", request)
            return TestResponseSummary(status: response.status, message: response.json["message"] as? String ?? "")
        }
        XCTAssertEqual(try onboard(["bundle_sid": nil]).status, 400)
        XCTAssertEqual(try onboard(["address_sid": nil]).status, 400)
        XCTAssertEqual(try onboard(["bundle_sid": austrian["bundle_sid"]]).status, 400, "another country's bundle")
        XCTAssertEqual(try onboard(["address_sid": austrian["address_sid"]]).status, 400, "another country's address")
        let pending = try onboard(["bundle_sid": pendingGermanBundle])
        XCTAssertEqual(pending.status, 400, "a bundle still in review")
        XCTAssertTrue(pending.message.contains("approved"))
        XCTAssertEqual(try onboard([:]).status, 204)
        let store = try f.storeJSON("berlin")
        XCTAssertEqual(store["bundle_sid"] as? String, body["bundle_sid"])
        XCTAssertEqual(store["address_sid"] as? String, body["address_sid"])
    }

    func testCountriesNeedingAssistedPurchaseAreRefusedWith403() throws {
        let f = try SetupFixture()
        for country in ["BE", "FR", "IE", "MY", "NL", "NO", "PT", "ES", "SE", "CH"] {
            try f.putStore("s-\(country)", country: country)
            let body = try f.onboardingBody("s-\(country)")
            XCTAssertNotNil(body["bundle_sid"], "the sandbox has a bundle for \(country)")
            let response = try f.send("POST", "/setup/stores/s-\(country)", body)
            XCTAssertEqual(response.status, 403, country)
            XCTAssertTrue((response.json["message"] as? String ?? "").contains("assisted purchase"), country)
        }
        try f.putStore("tokyo", country: "JP")
        XCTAssertEqual(try f.send("POST", "/setup/stores/tokyo", ["phone_number": "+81312345678"]).status, 403)
        for country in ["GB", "AU", "IT", "PL", "EE", "DK", "CZ", "FI", "IL", "PH", "ZA", "HK", "TH", "CA"] {
            try f.putStore("s-\(country)", country: country)
            XCTAssertEqual(try f.send("POST", "/setup/stores/s-\(country)", try f.onboardingBody("s-\(country)")).status, 204,
                           "\(country) is self-service")
        }
    }

    func testUnknownStoreIs404() throws {
        let f = try SetupFixture()
        XCTAssertEqual(try f.send("POST", "/setup/stores/ghost", ["phone_number": "+12025550123"]).status, 404)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ghost/whatsapp", ["waba_id": "1", "profile_name": "x"]).status, 404)
        for list in ["available_phone_numbers", "addresses", "regulatory-bundles"] {
            XCTAssertEqual(try f.send("GET", "/setup/stores/ghost/\(list)").status, 404, list)
        }
    }

    func testWhatsAppOnboardingIsRecordedPendingOnceTheStoreHasItsNumber() throws {
        let f = try SetupFixture()
        try f.putStore("ny", country: "US")
        let request = ["waba_id": "1234567890", "profile_name": "Dodici Potsdamer Platz by NewStore"]
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", request).status, 400, "no number yet")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", ["waba_id": "12ab", "profile_name": "x"]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", ["waba_id": "12"]).status, 400)
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny/whatsapp", request).status, 204)
        let whatsapp = try XCTUnwrap(try f.storeJSON("ny")["whatsapp"] as? [String: Any])
        XCTAssertEqual(whatsapp["status"] as? String, "pending")
        XCTAssertEqual(whatsapp["waba_id"] as? String, "1234567890")
        XCTAssertEqual(whatsapp["profile_name"] as? String, request["profile_name"])
    }

    func testEveryChangeIsInTheSetupAuditChain() throws {
        let f = try SetupFixture()
        try f.putStore("ny", country: "US")
        XCTAssertEqual(try f.send("POST", "/setup/stores/ny", try f.onboardingBody("ny")).status, 204)
        XCTAssertEqual(try f.send("POST", "/setup/retailers", ["ecom_link": "https://a.example"]).status, 204)
        let chain = try XCTUnwrap(AuditFiles.chains(dataDirectory: f.dataDirectory, engine: TestStores.engine(for: f.dataDirectory)).first { $0.name == "setup" })
        XCTAssertEqual(try AuditFiles.verify(chain, keysDirectory: f.keysDirectory), .intact(records: 4))
        let records = try AuditFiles.records(chain, keysDirectory: f.keysDirectory, tenant: Tenant("acme")!, last: 10)
        XCTAssertEqual(Set(records.map(\.operation)), ["setup.store.create", "setup.number.claim", "setup.store.onboard",
                                                       "setup.retailer.configure"])
        XCTAssertTrue(records.allSatisfy { !$0.keyID.isEmpty && !$0.requestID.isEmpty })
    }
}

struct TestResponseSummary {
    let status: Int
    let message: String
}

/// The inventory's German bundle that is still in review (see Sources/Clienteling/Provider/LocalInventory.json).
let pendingGermanBundle = "BUa60968ca3b34ba94cd34f7f16eeee6c6"
