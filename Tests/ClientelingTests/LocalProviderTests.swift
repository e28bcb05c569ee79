@testable import Clienteling
import Foundation
import ISO3166
import XCTest

final class LocalProviderTests: XCTestCase {
    /// Calling codes of every country of the guide (its table and its self-service list).
    static let callingCodes = [
        "AU": "61", "AT": "43", "BE": "32", "CZ": "420", "DK": "45", "FI": "358", "FR": "33", "DE": "49", "HK": "852",
        "IE": "353", "IT": "39", "MY": "60", "NL": "31", "NO": "47", "PL": "48", "PT": "351", "ES": "34", "SE": "46",
        "CH": "41", "CA": "1", "US": "1", "GB": "44", "EE": "372", "IL": "972", "PH": "63", "ZA": "27", "TH": "66",
    ]

    /// A fresh directory for the sandbox's database, removed after the test.
    private func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "local-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: directory) }
        return directory
    }

    func testTheDefaultInventoryCoversEveryCountryOfTheGuide() throws {
        let directory = try temporaryDirectory()
        let provider = try LocalProvider(dataDirectory: directory)
        XCTAssertEqual(Set(RegulatoryRequirements.all.map(\.country.code)), Set(Self.callingCodes.keys))
        for (code, callingCode) in Self.callingCodes {
            let country = CountryCode(code)!
            let numbers = try provider.availableNumbers(country: country)
            XCTAssertGreaterThanOrEqual(numbers.count, 5, code)
            XCTAssertTrue(numbers.allSatisfy { $0.phoneNumber.hasPrefix("+" + callingCode) && PhoneNumber.isE164($0.phoneNumber) }, code)
            if RegulatoryRequirements.forCountry(country)!.needsBundle {
                XCTAssertEqual(try provider.regulatoryBundles(country: country).count, 1, code)
                XCTAssertEqual(try provider.addresses(country: country).count, 1, code)
            }
        }
        XCTAssertFalse(try provider.trustProducts().isEmpty)
    }

    func testABoughtNumberStaysBoughtAcrossARestart() throws {
        let directory = try temporaryDirectory()
        let us = CountryCode("US")!
        var provider: LocalProvider? = try LocalProvider(dataDirectory: directory)
        let number = try provider!.availableNumbers(country: us)[0].phoneNumber
        let purchase = try provider!.buy(number: number, country: us, bundleSID: nil, addressSID: nil)
        XCTAssertThrowsError(try provider!.buy(number: number, country: us, bundleSID: nil, addressSID: nil))
        provider = nil
        let reopened = try LocalProvider(dataDirectory: directory)
        XCTAssertEqual(try reopened.ownedNumber(number), purchase)
        XCTAssertFalse(try reopened.offers(number: number, country: us))
    }

    /// A registered WhatsApp sender is found by its number, also after a restart (so a lost registration can
    /// be adopted, never repeated).
    func testAWhatsAppSenderIsFoundByItsNumberAcrossARestart() throws {
        let directory = try temporaryDirectory()
        let us = CountryCode("US")!
        var provider: LocalProvider? = try LocalProvider(dataDirectory: directory)
        let number = try provider!.availableNumbers(country: us)[0].phoneNumber
        _ = try provider!.buy(number: number, country: us, bundleSID: nil, addressSID: nil)
        XCTAssertNil(try provider!.whatsAppSender(number: number))
        let submission = try provider!.submitWhatsApp(number: number, wabaID: "42", profileName: "NY")
        provider = nil
        let reopened = try LocalProvider(dataDirectory: directory)
        XCTAssertEqual(try reopened.whatsAppSender(number: number), submission)
        XCTAssertEqual(submission.wabaID, "42")
        XCTAssertNil(try reopened.whatsAppSender(number: "+19045550199"))
    }

    func testAnotherInventoryCanBeGivenAndABadOneIsRefused() throws {
        let directory = try temporaryDirectory()
        let custom = #"{"numbers":[{"phone_number":"+3212345678","locality":"Gent","region":"VOV","iso_country":"BE"}],"addresses":[],"bundles":[],"trust_products":[]}"#
        let provider = try LocalProvider(dataDirectory: directory, inventoryJSON: Array(custom.utf8))
        XCTAssertEqual(try provider.availableNumbers(country: CountryCode("BE")!).map(\.phoneNumber), ["+3212345678"])
        XCTAssertThrowsError(try LocalProvider(dataDirectory: directory, inventoryJSON: Array(#"{"numbers":[]}"#.utf8)))
        XCTAssertThrowsError(try LocalProvider(dataDirectory: directory, inventoryJSON: Array(
            #"{"numbers":[{"phone_number":"0301234","locality":"x","region":"y","iso_country":"DE"}],"addresses":[],"bundles":[],"trust_products":[]}"#.utf8)))
    }

    func testCountryCodesAreTheAssignedOnes() {
        XCTAssertEqual(CountryCode.assigned.count, 249)
        XCTAssertNotNil(CountryCode("DE"))
        XCTAssertNil(CountryCode("de"))
        XCTAssertNil(CountryCode("UK"), "the United Kingdom is GB")
        XCTAssertEqual(CountryCode.europeanUnion.count, 27)
        XCTAssertTrue(CountryCode.europeanUnion.isSubset(of: CountryCode.assigned))
        XCTAssertEqual(DocumentRegions().region(for: CountryCode("DE")!), "EU")
        XCTAssertEqual(DocumentRegions().region(for: CountryCode("GB")!), "US")
        XCTAssertNil(DocumentRegions.parse("GB=MARS"))
        XCTAssertNil(DocumentRegions.parse("XX=EU"))
    }
}
