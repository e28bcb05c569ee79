import FuzzSupport
@testable import HTTPServer
@testable import JSONCore
@testable import Vault
@testable import VaultAPI

/// Every endpoint's body decoding on arbitrary bytes: the JSON parser, then each endpoint's reading of the
/// object and the vault's field rules. Errors are expected; crashes, hangs and leaks are not. What parses
/// must serialize to JSON that parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = bytes(data, count)
    guard let value = try? JSONParser.parse(input) else { return 0 }
    guard (try? JSONParser.parse(value.serialized)) == value else { fatalError("serialized JSON does not parse back") }
    guard let members = value.objectMembers else { return 0 }
    _ = try? APIRequest.batch(members, field: "data")
    _ = try? APIRequest.batch(members, field: "tokens")
    if let fields = try? ProfileRequests.profileFields(members) { _ = try? fields.validate() }
    if let patch = try? ProfileRequests.profilePatch(members) {
        _ = try? patch.applied(to: ProfileFields(email: "a@example.org")).validate()
    }
    if let fields = try? ProfileRequests.addressFields(members) { _ = try? fields.validate() }
    if let patch = try? ProfileRequests.addressPatch(members) {
        _ = try? patch.applied(to: AddressFields(fullName: "A", addressLine1: "B", zipCode: "1", city: "C", countryCode: "DE")).validate()
    }
    let request = HTTPRequest(method: "POST", target: "/v1/d/pii/data", headers: HTTPHeaders([("content-type", "application/json")]),
                              body: input)
    _ = try? DataUpload.parse(request, maxContentBytes: 1 << 20)
    return 0
}

runFuzzer(fuzz)
