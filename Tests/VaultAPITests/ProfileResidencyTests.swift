import Foundation
import HTTPTestSupport
import XCTest
@testable import Vault

/// Where profile data lands, and what the files hold.
final class ProfileResidencyTests: XCTestCase {
    func testAProfileAndItsAddressesLiveOnlyInTheRegionItWasCreatedIn() throws {
        let fixture = try APIFixture()
        let profile = try fixture.newProfile("us.only@example.org", region: "US")
        let id = profile["id"] as! String
        XCTAssertTrue(id.hasPrefix("NS-US-"))
        let address = try fixture.post("\(APIFixture.profiles)/\(id)/addresses", fixture.json(
            ["full_name": "U S", "address_line_1": "1 Broadway", "zip_code": "10004", "city": "New York", "country_code": "US"]),
            region: "EU")
        XCTAssertTrue((address.json["id"] as? String ?? "").hasPrefix("NS-US-"), "addresses follow their profile's region")
        let us = try fixture.openRegionDatabase(.us), eu = try fixture.openRegionDatabase(.eu)
        XCTAssertEqual(try us.scalarInt("SELECT count(*) FROM profiles"), 1)
        XCTAssertEqual(try us.scalarInt("SELECT count(*) FROM addresses"), 1)
        XCTAssertEqual(try eu.scalarInt("SELECT count(*) FROM profiles"), 0)
        XCTAssertEqual(try eu.scalarInt("SELECT count(*) FROM addresses"), 0)
        XCTAssertEqual(try eu.scalarInt("SELECT count(*) FROM profile_grams"), 0)
        // Get-or-create finds the e-mail in any served region rather than making a second profile.
        let again = try fixture.createProfile(["email": "US.ONLY@example.org"], region: "EU")
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(again.json["id"] as? String, id)
        XCTAssertEqual(try fixture.createProfile(["email": "x@example.org"], region: "MARS").status, 400)
    }

    func testANodeWithoutTheRegionRefusesItsIds() throws {
        let fixture = try APIFixture(regions: [.eu])
        let usID = "NS-US-01FXX4RSTKMVBFPBVZFPGM97ZW-01FXX4S1V1R8M4PF9H1S1D82CX"
        XCTAssertEqual(try fixture.get("\(APIFixture.profiles)/\(usID)").status, 421)
        XCTAssertEqual(try fixture.createProfile(["email": "x@example.org"], region: "US").status, 421)
        XCTAssertEqual(try fixture.detokenize(["p": usID]).errors, ["p": "region_not_served_error"])
    }

    func testNoPlaintextEmailNameOrPhoneReachesTheFiles() throws {
        let fixture = try APIFixture()
        let email = "Zebediah.Quarrington@Example.org", name = "Zebediah Quarrington", phone = "+442079460958"
        let profile = try fixture.newProfile(email, ["full_name": name, "phone_number": phone, "store_id": "store-zq",
            "extended_attributes": ["loyalty": ["data_type": "string", "value": "LOYALTYXYZZY"]]])
        let id = profile["id"] as! String
        let address = try fixture.post("\(APIFixture.profiles)/\(id)/addresses", fixture.json(
            ["full_name": name, "address_line_1": "Quarrington Mews 7", "zip_code": "SW1A1AA", "city": "Westminsterton",
             "country_code": "GB"]))
        XCTAssertEqual(address.status, 201)
        _ = try fixture.search("q=quarrington")
        _ = try fixture.patch("\(APIFixture.profiles)/\(id)", ["last_updated_at": try fixture.get("\(APIFixture.profiles)/\(id)").json["updated_at"]!,
                                                              "full_name": "Zebediah Quarrington-Smythe"])
        fixture.stop()  // checkpoints the WAL into the database files, so both forms are scanned
        let bytes = fixture.allFileBytes()
        // The scan sees the stored rows: the display id is kept in clear on purpose (it is random, not PII).
        XCTAssertTrue(bytes.contains(Array((profile["display_id"] as! String).utf8)))
        for secret in [email, email.lowercased(), name, name.lowercased(), "Quarrington", "quarrington", phone, "442079460958",
                       "store-zq", "LOYALTYXYZZY", "Quarrington Mews", "Westminsterton", "SW1A1AA"] {
            XCTAssertFalse(bytes.contains(Array(secret.utf8)), "found \(secret) in the files")
        }
        XCTAssertFalse(bytes.contains(Array(id.utf8)), "whole ids are never stored or logged")
    }
}
